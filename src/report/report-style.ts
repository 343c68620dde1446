/**
 * The report's stylesheet, inlined so the file opens anywhere without a network. Readable in print too:
 * no dark backgrounds, figures kept whole on a page.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.facts th { background: var(--soft); font-weight: 600; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.verdict { border: 1px solid var(--line); border-left: 6px solid #bf8700; border-radius: 6px; padding: 12px 18px; margin: 20px 0; background: #fff8e5; }
.verdict.good { border-left-color: #1a7f37; background: #eefbf1; }
.verdict h2 { border: 0; margin: 0 0 6px; padding: 0; font-size: 22px; }
.verdict .numbers { color: var(--muted); margin: 4px 0; }
.verdict ol { margin: 6px 0 0; padding-left: 22px; }
.findings li { margin: 4px 0; }
.findings .cause { color: var(--muted); }
.cause-block h3 { margin: 0.8em 0 0.2em; font-size: 1em; }
.cause-block code { color: var(--muted); font-weight: normal; }
.cause-block ul { margin: 0.2em 0 0.6em; }
.kind { display: inline-block; min-width: 82px; font-weight: 600; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 20px 28px; align-items: start; }
figure { margin: 0; break-inside: avoid; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figcaption { font-size: 14px; color: var(--muted); margin-top: 6px; }
figcaption strong { color: var(--text); }
.gallery { display: flex; flex-wrap: wrap; gap: 12px; }
.gallery figure { width: 96px; }
.gallery img { display: block; width: 84px; height: auto; image-rendering: pixelated; border: 1px solid var(--line); }
.gallery figcaption { font-size: 12px; margin-top: 2px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 12px; overflow-x: auto; font-size: 13px; line-height: 1.4; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
`;
