/** the report's stylesheet, inlined so `index.html` needs no network and no other file. */
export const HTML_STYLE = `
:root { --ink: #1d2430; --muted: #5b6575; --line: #dde2ea; --bg: #f6f7f9; --card: #ffffff;
  --pass: #13723a; --pass-bg: #e5f5eb; --fail: #b42318; --fail-bg: #fdecea; --ack: #8a5a00; --ack-bg: #fff4d6;
  --none: #4a5568; --none-bg: #edf0f4; --accent: #2456a6; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 36px 0 10px; }
h2 .count { color: var(--muted); font-weight: 500; }
code, .mono { font-family: "DejaVu Sans Mono", "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
.meta { color: var(--muted); margin: 0; }
.meta code { color: var(--ink); background: var(--none-bg); padding: 1px 5px; border-radius: 4px; }
.verdict { margin: 22px 0 18px; padding: 16px 20px; border-radius: 10px; font-size: 17px; border: 1px solid; }
.verdict strong { font-size: 20px; margin-right: 10px; letter-spacing: 0.04em; }
.verdict.pass { background: var(--pass-bg); color: var(--pass); border-color: #b5dfc4; }
.verdict.fail { background: var(--fail-bg); color: var(--fail); border-color: #f3b8b2; }
.cards { display: flex; gap: 14px; flex-wrap: wrap; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 18px; min-width: 150px; }
.card .n { font-size: 30px; font-weight: 700; line-height: 1.1; }
.card .l { color: var(--muted); font-size: 13px; }
.card.open .n { color: var(--fail); } .card.ack .n { color: var(--ack); } .card.zero .n { color: var(--pass); }
table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 10px; overflow: hidden; }
th, td { text-align: left; vertical-align: top; padding: 8px 12px; border-bottom: 1px solid var(--line); }
th { background: #eef1f5; font-size: 12.5px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
tr:last-child td { border-bottom: none; }
tbody tr:nth-child(even) td { background: #fafbfc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; width: 9%; }
td.num.bad { color: var(--fail); font-weight: 700; }
td.num.warn { color: var(--ack); font-weight: 700; }
table.findings { table-layout: fixed; }
col.c-rule { width: 24%; } col.c-resource { width: 27%; } col.c-reason { width: 29%; } col.c-loc { width: 20%; }
table.open col.c-sev { width: 8%; } table.open col.c-rule { width: 22%; } table.open col.c-resource { width: 25%; }
table.open col.c-desc { width: 27%; } table.open col.c-loc { width: 18%; }
td .sub { display: block; color: var(--muted); font-size: 12.5px; }
td.path, td.loc, td .rule { overflow-wrap: anywhere; }
td.reason { min-width: 280px; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.pill.open, .pill.error { background: var(--fail-bg); color: var(--fail); }
.pill.warning { background: var(--ack-bg); color: var(--ack); }
.pill.acknowledged { background: var(--ack-bg); color: var(--ack); }
.pill.clean { background: var(--pass-bg); color: var(--pass); }
.pill.unmatched-acknowledgement, .pill.other { background: var(--none-bg); color: var(--none); }
.rule { font-weight: 600; }
.empty { background: var(--card); border: 1px dashed var(--line); border-radius: 10px; padding: 14px 18px; color: var(--muted); }
dl { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 20px; }
dt { font-weight: 600; margin-top: 8px; } dd { margin: 2px 0 6px 0; color: #333c4a; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
.lead { margin: 0 0 10px; }
a code { color: var(--accent); text-decoration: underline; }
details { background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin: 8px 0; }
details > summary { cursor: pointer; padding: 9px 14px; }
details > summary .n { color: var(--ack); font-weight: 600; margin: 0 8px; }
details > summary .reason { display: block; color: #333c4a; font-size: 13.5px; margin: 2px 0 0 18px; }
details > table { border: none; border-top: 1px solid var(--line); border-radius: 0 0 10px 10px; }
table.rules td, table.rules th { padding: 4px 12px; }
.filter { position: sticky; top: 0; z-index: 1; margin: 30px 0 0; padding: 10px 14px; background: var(--bg); border-bottom: 1px solid var(--line); display: flex; gap: 12px; align-items: center; }
.filter label { font-weight: 600; }
.filter input { flex: 0 1 420px; font: inherit; padding: 5px 10px; border: 1px solid var(--line); border-radius: 6px; }
[hidden] { display: none !important; }
`;
