/** The report's stylesheet: system fonts, no external resources, prints on A4/Letter. */
export const PAGE_STYLE = `
:root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #ffffff; --page: #f5f7fa;
  --close: #e3f9e5; --close-ink: #0e5814; --off: #fff3c4; --off-ink: #8d2b0b; --far: #ffe3e3; --far-ink: #8a041a; --none: #f0f4f8; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; }
h3 { font-size: 15px; margin: 0 0 2px; }
.lead { color: var(--muted); margin: 0 0 12px; max-width: 80ch; }
.meta { color: var(--muted); font-size: 12px; margin: 0; }
.meta code { font-size: 12px; }
nav { margin-top: 10px; font-size: 13px; }
nav a { color: #2563eb; margin-right: 14px; text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-top: 18px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .value { display: block; font-size: 22px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 12px; }
.card.close { border-left: 4px solid #3f9142; } .card.off { border-left: 4px solid #e9b949; } .card.far { border-left: 4px solid #e12d39; }
.note { color: var(--muted); margin: 0 0 10px; }
.scroll { overflow-x: auto; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 7px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { font-size: 12px; color: var(--muted); font-weight: 600; background: #fafbfc; }
tbody th { font-weight: 500; }
.about { display: block; color: var(--muted); font-size: 12px; font-weight: 400; max-width: 60ch; }
.kpi-note { display: block; font-size: 12px; font-weight: 400; font-style: italic; max-width: 60ch; margin-top: 4px; }
td.kpi .kpi-note { max-width: 24ch; }
.period { color: var(--muted); font-size: 11px; border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; }
td.kpi { min-width: 130px; }
td.kpi span { display: block; }
td.kpi .actual { font-size: 15px; font-weight: 600; font-variant-numeric: tabular-nums; }
td.kpi .target { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
td.kpi .gap { font-size: 12px; font-weight: 600; font-variant-numeric: tabular-nums; }
.gap-close { background: var(--close); } .gap-close .gap { color: var(--close-ink); }
.gap-off { background: var(--off); } .gap-off .gap { color: var(--off-ink); }
.gap-far { background: var(--far); } .gap-far .gap { color: var(--far-ink); }
.gap-none { background: var(--none); }
.legend { display: inline-block; padding: 1px 6px; border-radius: 4px; font-size: 12px; color: var(--ink); }
td.count, th.count { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.bar { width: 40%; }
td.bar span { display: block; height: 10px; margin-top: 5px; background: #9fb3c8; border-radius: 2px; min-width: 1px; }
tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
.chart { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px; }
.chart .about { margin: 0 0 8px; }
.plot { position: relative; height: 300px; }
.empty { color: var(--far-ink); }
figcaption { color: var(--muted); font-size: 11px; margin-top: 6px; }
footer { max-width: 1280px; margin: 32px auto; padding: 0 24px; color: var(--muted); font-size: 12px; }
@media print { body { background: #fff; } .chart, .scroll, .card { break-inside: avoid; } }
`;
