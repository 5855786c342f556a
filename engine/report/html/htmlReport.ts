import type { KpiReportOptions } from '../kpis';
import { chartLibrarySource } from './chartLibrary';
import { gatherReport, type ReportContent } from './gatherReport';
import { renderReportPage } from './reportPage';
import { writeFileAtomically } from './writeFileAtomically';

/** `report <spec> --html <file>`: reads everything first, then writes the page in one rename, so a failure leaves any earlier report in place. */
export async function writeHtmlReport(spec: string, file: string, options: KpiReportOptions = {}): Promise<{ path: string; content: ReportContent }> {
  const content = await gatherReport(spec, options);
  const path = writeFileAtomically(file, renderReportPage(content, chartLibrarySource()));
  return { path, content };
}
