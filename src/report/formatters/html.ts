import { createHash } from 'node:crypto';
import { changesOf, describeVersionChange, type ReportWithChanges } from '../changes';
import { componentIndex } from '../identity';
import { compareStrings } from '../../util/compare';
import { CATEGORY_ORDER, type Finding, type Formatter, type FormatterContext, type Report, type ReportComponent } from '../../types';
import { groupFindings, groupSubject, packageLabelOf, shortMessageOf, viaDirectOf, type FindingGroup } from '../grouping';
import { severityRank } from '../../util/severity';
import { modelRows } from '../models';
import { withMissingEvidenceGrouped } from '../missing-evidence';
import { categoryChart, riskiestChart, ruleChart } from '../html/charts';
import { escapeHtml, inlineMarkdown } from '../html/escape';
import { SCRIPT } from '../html/script';
import { STYLE } from '../html/style';

export { escapeHtml } from '../html/escape';

/**
 * One self-contained, interactive page: a header naming the project, date, commit and profile;
 * three inline-SVG charts; findings grouped by cause (or by package), each a one-line summary
 * that opens on the explanation, the fix and the evidence; search, filters and sorting kept in
 * the URL hash; suppressed findings; every component. Its one style and one script are
 * allowed by hash in a Content-Security-Policy that allows nothing else — no request can leave
 * the file. Every value from the report is escaped.
 */
export const format: Formatter = (report, ctx) => {
  const components = componentIndex(report);
  // "Could not judge" once per lockfile, as the other human formats say it.
  const active = withMissingEvidenceGrouped(report.findings.filter((f) => !f.suppressed));
  const suppressed = report.findings.filter((f) => f.suppressed);
  const project = ctx.run?.project ?? rootProjectOf(report) ?? 'this checkout';

  const main: string[] = [];
  main.push(`<section aria-labelledby="charts-h"><h2 id="charts-h">Overview</h2><div class="charts">${categoryChart(report)}${ruleChart(active)}${riskiestChart(active)}</div></section>`);

  const changes = changesOf(report);
  if (changes) main.push(changesSection(changes, (report as Partial<ReportWithChanges>).base));

  main.push(findingsSection(report, active, components, ctx));
  main.push(suppressedSection(suppressed, components));
  const models = modelRows(report);
  if (models.length > 0) {
    main.push(
      `<section aria-labelledby="models-h"><h2 id="models-h">AI models</h2>${table(
        ['model', 'license', 'category', 'base models'],
        models.map((m) => [escapeHtml(m.model), `<code>${escapeHtml(m.license)}</code>`, escapeHtml(m.category), escapeHtml(m.basedOn || '—')]),
      )}</section>`,
    );
  }
  main.push(componentsSection(report));
  if (report.diagnostics.length > 0) main.push(diagnosticsSection(report));

  const csp = [
    "default-src 'none'",
    `style-src '${sha256(STYLE)}'`,
    `script-src '${sha256(SCRIPT)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(`License risk: ${project}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<a class="skip" href="#findings-h">Skip to findings</a>',
    header(report, project, ctx),
    '<main>',
    ...main,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The root project as the dependency paths name it (`name@version`), when ctx does not say. */
function rootProjectOf(report: Report): string | undefined {
  const counts = new Map<string, number>();
  for (const c of report.components) for (const p of c.paths) if (p[0]) counts.set(p[0], (counts.get(p[0]) ?? 0) + 1);
  let best: string | undefined;
  for (const [name, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && compareStrings(name, best) < 0)) best = name;
  return best;
}

function header(report: Report, project: string, ctx: FormatterContext): string {
  const s = report.summary;
  const p = report.profile;
  const facts: Array<[string, string]> = [];
  if (ctx.run?.date) facts.push(['Scanned', `<time datetime="${escapeHtml(ctx.run.date)}">${escapeHtml(ctx.run.date.replace('T', ' ').replace(/Z$/, ' UTC'))}</time>`]);
  if (ctx.run?.commit) facts.push(['Commit', `<code>${escapeHtml(ctx.run.commit)}</code>`]);
  const origin = p.origin === 'auto' ? 'inferred from the checkout' : p.origin === 'default' ? 'default' : `set by ${p.origin}`;
  facts.push([
    'Profile',
    `<strong>${escapeHtml(p.distribution)}</strong>${p.commercial ? ', commercial' : ', non-commercial'} (${escapeHtml(origin)})${p.reasons.length ? `: ${p.reasons.map(escapeHtml).join('; ')}` : ''}`,
  ]);
  if (report.ownLicense) facts.push(['Project license', `<code>${escapeHtml(report.ownLicense.expression ?? 'unknown')}</code> (${escapeHtml(report.ownLicense.category)})`]);
  facts.push(['Tool', `license-risk ${escapeHtml(report.tool.version)}`]);
  const totals: Array<[number, string, string]> = [
    [s.errors, s.errors === 1 ? 'error' : 'errors', 'sev-error'],
    [s.warnings, s.warnings === 1 ? 'warning' : 'warnings', 'sev-warn'],
    [s.infos, 'info', 'sev-info'],
    [s.suppressed, 'suppressed', ''],
    [s.components, s.components === 1 ? 'component' : 'components', ''],
  ];
  return [
    '<header class="page">',
    `<h1>License risk report: <span class="project">${escapeHtml(project)}</span></h1>`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    `<ul class="totals" aria-label="Totals">${totals.map(([n, label, cls]) => `<li${cls ? ` class="${cls}"` : ''}><span class="n">${n}</span> ${label}</li>`).join('')}</ul>`,
    '</header>',
  ].join('\n');
}

/** What the filters and search look at for one finding. */
function itemAttributes(f: Finding, components: Map<string, ReportComponent>): string {
  const c = f.component ? components.get(f.component) : undefined;
  const workspace = (f as Finding & { workspace?: string }).workspace;
  const text = [packageLabelOf(f, components) ?? '', c?.license.expression ?? '', f.ruleId, shortMessageOf(f), viaDirectOf(f) ?? '', f.location.file, workspace ?? '']
    .join(' ')
    .toLowerCase();
  return [
    'data-item',
    `data-severity="${f.severity}"`,
    `data-rule="${escapeHtml(f.ruleId)}"`,
    `data-category="${escapeHtml(c?.license.category ?? '')}"`,
    `data-scope="${escapeHtml(c?.scope ?? '')}"`,
    `data-workspace="${escapeHtml(workspace ?? '')}"`,
    `data-text="${escapeHtml(text)}"`,
  ].join(' ');
}

const SEVERITY_NAME: Record<Finding['severity'], string> = { error: 'error', warn: 'warning', info: 'info' };

function badge(severity: Finding['severity']): string {
  return `<span class="badge sev-${severity}">${SEVERITY_NAME[severity]}</span>`;
}

/** The long message split into its explanation and its `Fix:` (rules end with one). */
function explanationAndFix(message: string): { explanation: string; fix?: string } {
  const at = message.search(/\s(Fix|Ways to meet it):\s/);
  if (at < 0) return { explanation: message };
  return { explanation: message.slice(0, at), fix: message.slice(at + 1).replace(/^(Fix|Ways to meet it):\s*/, '') };
}

function evidenceOf(f: Finding, c: ReportComponent | undefined): string {
  const parts: string[] = [`<code>${escapeHtml(`${f.location.file}:${f.location.line}:${f.location.column}`)}</code>`];
  if (c) {
    const l = c.license;
    parts.push(`license <code>${escapeHtml(l.expression ?? 'unknown')}</code> (${escapeHtml(l.category)}, from ${escapeHtml(l.source)}, confidence ${l.confidence})`);
    if (l.declared !== undefined) parts.push(`declared <code>${escapeHtml(l.declared)}</code>`);
    for (const file of l.files ?? []) parts.push(`file <code>${escapeHtml(file.file)}</code> reads <code>${escapeHtml(file.expression ?? 'unidentified')}</code> (${file.confidence})`);
    for (const note of l.notes) parts.push(escapeHtml(note));
    parts.push(`${escapeHtml(c.scope)}${c.direct ? ', direct' : ''}`);
  }
  if (f.path && f.path.length > 1) parts.push(`via ${escapeHtml(f.path.join(' › '))}`);
  // In a monorepo, the workspace whose business model judged it.
  if (f.workspace !== undefined && f.workspace !== '.') parts.push(`workspace ${escapeHtml(f.workspace)}`);
  return `<div class="evidence">${parts.join(' · ')}</div>`;
}

function memberItem(f: Finding, components: Map<string, ReportComponent>, withMessage: boolean): string {
  const c = f.component ? components.get(f.component) : undefined;
  const label = packageLabelOf(f, components);
  const head = withMessage
    ? `${badge(f.severity)} ${inlineMarkdown(shortMessageOf(f))} <span class="rule">${escapeHtml(f.ruleId)}</span>`
    : `<code>${escapeHtml(label ?? '(project)')}</code>`;
  const explain = withMessage ? explanationBlock(f.message) : '';
  return `<li ${itemAttributes(f, components)}>${head}${explain}${evidenceOf(f, c)}</li>`;
}

function explanationBlock(message: string): string {
  const { explanation, fix } = explanationAndFix(message);
  return `<p>${inlineMarkdown(explanation)}</p>${fix ? `<p class="fix"><strong>Fix:</strong> ${inlineMarkdown(fix)}</p>` : ''}`;
}

function ruleNote(ruleId: string, ctx: FormatterContext): string {
  const meta = ctx.rules?.[ruleId];
  const description = meta ? `${escapeHtml(meta.docs.description)} ` : '';
  return `<p class="muted">${description}Documentation: <code>license-risk explain ${escapeHtml(ruleId)}</code></p>`;
}

function causeGroup(g: FindingGroup, index: number, components: Map<string, ReportComponent>, ctx: FormatterContext): string {
  const subject = groupSubject(g) || '(project)';
  const names = g.packages.length > 1 ? `<p class="muted">${g.packages.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}</p>` : '';
  return [
    `<details class="group" id="cause-${escapeHtml(g.key)}" data-index="${index}" data-count="${g.findings.length}" data-name="${escapeHtml((g.packages[0] ?? '').toLowerCase())}" data-rule-order="${escapeHtml(g.ruleId)}">`,
    `<summary>${badge(g.severity)} <span class="subject">${escapeHtml(subject)}</span> <span class="short">${inlineMarkdown(g.short)}</span> <span class="rule">${escapeHtml(g.ruleId)}</span> <span class="visible-count muted"></span></summary>`,
    '<div class="group-body">',
    names,
    '<h3>Why</h3>',
    explanationBlock(g.findings[0].message),
    `<h3>Evidence (${g.findings.length})</h3>`,
    `<ul class="members">${g.findings.map((f) => memberItem(f, components, false)).join('')}</ul>`,
    ruleNote(g.ruleId, ctx),
    '</div>',
    '</details>',
  ].join('');
}

function packageGroups(active: Finding[], components: Map<string, ReportComponent>): string[] {
  const byPackage = new Map<string, Finding[]>();
  for (const f of active) {
    const key = f.component ?? '';
    const list = byPackage.get(key) ?? [];
    list.push(f);
    byPackage.set(key, list);
  }
  const entries = [...byPackage].map(([key, findings]) => {
    findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareStrings(a.ruleId, b.ruleId));
    return { key, findings, worst: findings[0].severity, label: findings[0].component ? (packageLabelOf(findings[0], components) ?? key) : '(project)' };
  });
  entries.sort((a, b) => severityRank(b.worst) - severityRank(a.worst) || b.findings.length - a.findings.length || compareStrings(a.label, b.label));
  return entries.map((e, index) => {
    const c = e.key ? components.get(e.key) : undefined;
    const via = viaDirectOf(e.findings[0]);
    const license = c ? ` <code>${escapeHtml(c.license.expression ?? 'unknown')}</code>` : '';
    const rules = [...new Set(e.findings.map((f) => f.ruleId))].join(', ');
    return [
      `<details class="group" data-index="${index}" data-count="${e.findings.length}" data-name="${escapeHtml(e.label.toLowerCase())}" data-rule-order="${escapeHtml(rules)}">`,
      `<summary>${badge(e.worst)} <span class="subject">${escapeHtml(e.label)}</span>${license}${via ? ` <span class="muted">via ${escapeHtml(via)}</span>` : ''} <span class="short">${e.findings.length === 1 ? inlineMarkdown(shortMessageOf(e.findings[0])) : `${e.findings.length} findings`}</span> <span class="rule">${escapeHtml(rules)}</span> <span class="visible-count muted"></span></summary>`,
      `<div class="group-body"><ul class="members">${e.findings.map((f) => memberItem(f, components, true)).join('')}</ul></div>`,
      '</details>',
    ].join('');
  });
}

function checkboxes(facet: string, legend: string, values: Array<[string, string]>): string {
  if (values.length < 2 && facet !== 'severity') return '';
  return `<fieldset><legend>${escapeHtml(legend)}</legend>${values
    .map(([value, label]) => `<label><input type="checkbox" data-facet="${facet}" value="${escapeHtml(value)}" checked> ${escapeHtml(label)}</label>`)
    .join('')}</fieldset>`;
}

function findingsSection(report: Report, active: Finding[], components: Map<string, ReportComponent>, ctx: FormatterContext): string {
  const groups = groupFindings(active, components);
  const present = <T extends string>(values: Iterable<T | undefined>): T[] => [...new Set([...values].filter((v): v is T => !!v))].sort(compareStrings);
  const rules = present(active.map((f) => f.ruleId));
  const categories = CATEGORY_ORDER.filter((cat) => report.components.some((c) => c.license.category === cat));
  const scopes = present(report.components.map((c) => c.scope));
  const workspaces = present(report.findings.map((f) => (f as Finding & { workspace?: string }).workspace));
  const controls = [
    '<form class="controls noprint" id="filters" role="search" aria-label="Filter findings and components">',
    '<div><label for="q">Search packages, licenses, rules</label><br><input type="search" id="q" autocomplete="off" placeholder="e.g. mapbox-gl or SSPL"></div>',
    checkboxes('severity', 'Severity', [['error', 'error'], ['warn', 'warning'], ['info', 'info']]),
    checkboxes('rule', 'Rule', rules.map((r) => [r, r])),
    checkboxes('category', 'Category', categories.map((c) => [c, c])),
    checkboxes('scope', 'Scope', scopes.map((s) => [s, s])),
    checkboxes('workspace', 'Workspace', workspaces.map((w) => [w, w])),
    '<fieldset><legend>Group by</legend><label><input type="radio" name="view" value="cause" checked> cause</label><label><input type="radio" name="view" value="package"> package</label></fieldset>',
    '<div><label for="sort">Sort</label><br><select id="sort"><option value="severity">worst first</option><option value="package">package name</option><option value="rule">rule</option><option value="count">most findings</option></select></div>',
    '<div><br><button type="button" id="reset">Reset</button></div>',
    '</form>',
  ].join('');
  const body =
    active.length === 0
      ? '<p>No findings.</p>'
      : [
          `<div id="by-cause">${groups.map((g, i) => causeGroup(g, i, components, ctx)).join('\n')}</div>`,
          `<div id="by-package" hidden>${packageGroups(active, components).join('\n')}</div>`,
        ].join('\n');
  return [
    '<section aria-labelledby="findings-h">',
    `<h2 id="findings-h" tabindex="-1">Findings</h2>`,
    controls,
    `<p class="status" id="status" role="status" aria-live="polite">Showing all ${active.length} findings.</p>`,
    body,
    '</section>',
  ].join('\n');
}

function suppressedSection(suppressed: Finding[], components: Map<string, ReportComponent>): string {
  const rows = [...suppressed]
    .sort((a, b) => compareStrings(a.suppressed!.by, b.suppressed!.by) || compareStrings(a.component ?? '', b.component ?? '') || compareStrings(a.ruleId, b.ruleId))
    .map((f) =>
      [
        escapeHtml(packageLabelOf(f, components) ?? '(project)'),
        `${badge(f.severity)} ${inlineMarkdown(shortMessageOf(f))}`,
        escapeHtml(f.ruleId),
        escapeHtml(f.suppressed!.by),
        inlineMarkdown(f.suppressed!.reason || '—'),
        escapeHtml(f.suppressed!.expires ?? '—'),
      ],
    );
  return [
    '<section aria-labelledby="suppressed-h">',
    `<h2 id="suppressed-h">Suppressed findings and exceptions (${suppressed.length})</h2>`,
    rows.length === 0
      ? '<p class="muted">Nothing is suppressed: no exception or baseline entry matched a finding.</p>'
      : table(['package', 'finding', 'rule', 'by', 'reason', 'expires'], rows),
    '</section>',
  ].join('\n');
}

/**
 * Every component, folded away. The rows are data (a JSON block the CSP does not execute) that
 * the script turns into table rows when the section is first opened: 2,500 rows parsed up front
 * cost a large tree's report most of its load time, for a table most readers never open.
 */
function componentsSection(report: Report): string {
  const sorted = [...report.components].sort((a, b) => compareStrings(a.id, b.id));
  const rows = sorted.map((c) => [c.ecosystem, c.name, c.version, c.license.expression ?? 'unknown', c.license.category, c.scope, c.direct ? 1 : 0]);
  // `<` escaped so no value can close the data block.
  const data = JSON.stringify(rows).replace(/</g, '\\u003c');
  const head = [
    ['name', 'package'],
    ['version', 'version'],
    ['license', 'license'],
    ['category-order', 'category'],
    ['scope', 'scope'],
  ]
    .map(([key, label]) => (key === 'version' ? `<th scope="col">${label}</th>` : `<th scope="col"><button type="button" data-key="${key}">${label}</button></th>`))
    .join('');
  return [
    '<details class="section" id="components">',
    `<summary>Components (${report.components.length})</summary>`,
    `<p class="status" id="components-status" role="status" aria-live="polite">${report.components.length} components</p>`,
    `<table id="components-table" data-categories="${escapeHtml(CATEGORY_ORDER.join(' '))}"><thead><tr>${head}</tr></thead><tbody></tbody></table>`,
    `<script type="application/json" id="components-data">${data}</script>`,
    '</details>',
  ].join('\n');
}

function changesSection(changes: NonNullable<ReturnType<typeof changesOf>>, base: ReportWithChanges['base']): string {
  return [
    '<section aria-labelledby="changes-h">',
    '<h2 id="changes-h">Dependency changes</h2>',
    base ? `<p>Compared with <code>${escapeHtml(base.ref)}</code> (<code>${escapeHtml(base.commit.slice(0, 12))}</code>); the findings below are only those this change introduces.</p>` : '',
    changes.length === 0
      ? '<p>No component changes against the base.</p>'
      : table(
          ['change', 'package', 'version', 'license', 'category'],
          changes.map((c) => [
            escapeHtml(c.kind),
            escapeHtml(`${c.ecosystem}:${c.name}`),
            escapeHtml(describeVersionChange(c)),
            escapeHtml(c.expression.from === c.expression.to ? (c.expression.to ?? 'unknown') : `${c.expression.from ?? '—'} → ${c.expression.to ?? '—'}`),
            escapeHtml(c.category.from === c.category.to ? (c.category.to ?? 'unknown') : `${c.category.from ?? '—'} → ${c.category.to ?? '—'}`),
          ]),
        ),
    '</section>',
  ].join('\n');
}

function diagnosticsSection(report: Report): string {
  return [
    '<details class="section" id="diagnostics">',
    `<summary>Files that could not be fully read (${report.diagnostics.length})</summary>`,
    table(
      ['severity', 'code', 'file', 'message'],
      report.diagnostics.map((d) => [escapeHtml(d.severity), escapeHtml(d.code), `<code>${escapeHtml(d.line ? `${d.file}:${d.line}` : d.file)}</code>`, escapeHtml(d.message)]),
    ),
    '</details>',
  ].join('\n');
}

function table(header: string[], body: string[][]): string {
  return `<table>\n<thead><tr>${header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${body
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('\n')}\n</tbody>\n</table>`;
}
