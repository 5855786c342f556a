import { resolve } from 'node:path';
import { refuseIfNotOurs } from '../../targets/ownership/notOurs';
import type { KpiReportOptions } from '../kpis';
import { chartLibrarySource } from './chartLibrary';
import { gatherReport, type ReportContent } from './gatherReport';
import { renderReportPage } from './reportPage';
import { writeFileAtomically } from './writeFileAtomically';

/**
 * `report <spec> --html <file>`: reads everything first, then writes the page in one rename, so a failure leaves any
 * earlier report in place. An existing file is replaced only if it is a report the engine wrote, unless `force`.
 */
export async function writeHtmlReport(spec: string, file: string, options: KpiReportOptions = {}, force = false): Promise<{ path: string; content: ReportContent }> {
  refuseIfNotOurs(resolve(file), 'html', force);
  const content = await gatherReport(spec, options);
  // Asked again: the file may have appeared while the report was gathered.
  refuseIfNotOurs(resolve(file), 'html', force);
  const path = writeFileAtomically(file, renderReportPage(content, chartLibrarySource()));
  return { path, content };
}
