/**
 * The HTML report's one stylesheet. It is hashed into the page's Content-Security-Policy, so
 * the page has no `style=` attributes: everything is a class here. Colours are variables so
 * dark mode (prefers-color-scheme) and print only swap values.
 */
export const STYLE = `
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--panel:#f6f8fa;--link:#0969da;--focus:#0969da;
--err:#cf222e;--warn:#9a6700;--info:#0969da;--err-bg:#ffebe9;--warn-bg:#fff8c5;--info-bg:#ddf4ff;
--cat-permissive:#2da44e;--cat-public-domain:#56d364;--cat-weak-copyleft:#bf8700;--cat-strong-copyleft:#e16f24;
--cat-network-copyleft:#cf222e;--cat-source-available:#8250df;--cat-noncommercial:#bf3989;--cat-proprietary:#6e7781;--cat-unknown:#a0a7b0;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;--link:#4493f8;--focus:#4493f8;
--err:#ff7b72;--warn:#d29922;--info:#58a6ff;--err-bg:#3c1618;--warn-bg:#3a2d0c;--info-bg:#0c2d4b}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
main,header.page{max-width:1200px;margin:0 auto;padding:1rem 1.5rem}
a{color:var(--link)}
h1{font-size:1.45rem;margin:.2rem 0 .6rem}h2{font-size:1.15rem;margin:1.8rem 0 .6rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;overflow-wrap:anywhere}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.4rem;z-index:2}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
.facts dt{color:var(--muted)}.facts dd{margin:0}
.totals{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0;padding:0;list-style:none}
.totals li{padding:.3rem .7rem;border-radius:6px;background:var(--panel);border:1px solid var(--line)}
.totals .n{font-weight:700;font-size:1.1em}
.muted{color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}
.chart{margin:0;padding:.6rem;border:1px solid var(--line);border-radius:6px;background:var(--panel)}
.chart figcaption{font-weight:600;margin-bottom:.3rem}
.chart svg{max-width:100%;height:auto}
.chart text{font-size:12px;fill:var(--fg)}.chart .value{fill:var(--muted)}
.legend{list-style:none;display:flex;gap:.8rem;padding:0;margin:.3rem 0 0;font-size:.85em;color:var(--muted)}
.sev-fill-error{fill:var(--err)}.sev-fill-warn{fill:var(--warn)}.sev-fill-info{fill:var(--info)}
.cat-permissive{fill:var(--cat-permissive)}.cat-public-domain{fill:var(--cat-public-domain)}.cat-weak-copyleft{fill:var(--cat-weak-copyleft)}
.cat-strong-copyleft{fill:var(--cat-strong-copyleft)}.cat-network-copyleft{fill:var(--cat-network-copyleft)}.cat-source-available{fill:var(--cat-source-available)}
.cat-noncommercial{fill:var(--cat-noncommercial)}.cat-proprietary{fill:var(--cat-proprietary)}.cat-unknown{fill:var(--cat-unknown)}
.controls{background:var(--bg);border-bottom:1px solid var(--line);padding:.6rem 0;display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-start}
.controls input[type=search]{font:inherit;padding:.35rem .5rem;min-width:18rem;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
.controls select,.controls button{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:var(--fg)}
.controls fieldset{border:1px solid var(--line);border-radius:6px;padding:.2rem .6rem;margin:0}
.controls legend{font-size:.85em;color:var(--muted);padding:0 .2rem}
.controls label{margin-right:.6rem;white-space:nowrap}
.status{margin:.5rem 0;color:var(--muted)}
.badge{display:inline-block;min-width:4.2em;text-align:center;padding:0 .4rem;border-radius:10px;font-size:.8em;font-weight:600}
.badge.sev-error{color:var(--err);background:var(--err-bg)}.badge.sev-warn{color:var(--warn);background:var(--warn-bg)}.badge.sev-info{color:var(--info);background:var(--info-bg)}
details.group{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;background:var(--bg)}
details.group>summary{cursor:pointer;padding:.45rem .6rem;display:flex;flex-wrap:wrap;gap:.2rem .6rem;align-items:baseline;list-style-position:outside}
details.group>summary::-webkit-details-marker{color:var(--muted)}
details.group[open]>summary{border-bottom:1px solid var(--line);background:var(--panel)}
.subject{font-weight:600;overflow-wrap:anywhere}.short{flex:1 1 24rem}.rule{color:var(--muted);font-family:ui-monospace,monospace;font-size:.85em}
.group-body{padding:.4rem .9rem .7rem}
.group-body h3{font-size:.95rem;margin:.7rem 0 .3rem}
.fix{border-left:3px solid var(--link);padding-left:.6rem}
.members{margin:.2rem 0;padding-left:1.1rem}.members li{margin:.35rem 0}
.evidence{color:var(--muted);font-size:.9em}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--panel)}
th button{all:unset;cursor:pointer;font-weight:600}th button:focus-visible{outline:3px solid var(--focus)}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
details.section>summary{cursor:pointer;font-size:1.15rem;font-weight:600;margin:1.8rem 0 .6rem}
[hidden]{display:none!important}
@media print{.controls,.skip,.status,.noprint{display:none!important}body{font-size:11px}
details.group{break-inside:avoid}main,header.page{max-width:none;padding:0}
:root{--bg:#fff;--fg:#000;--panel:#fff;--line:#999;--muted:#444}}
`.trim();
