import { modelRows } from '../models';
import { changesOf, describeVersionChange } from '../changes';
import { componentIndex } from '../identity';
import { compareStrings } from '../../util/compare';
import { docUrl } from '../links';
import { CATEGORY_ORDER, type Finding, type Formatter } from '../../types';
import { sortFindingsBySeverity } from '../order';
import { withMissingEvidenceGrouped } from '../missing-evidence';

/** One self-contained page: inline CSS, no scripts, no external assets; every value escaped. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.sev-error{color:#cf222e;font-weight:600}.sev-warn{color:#9a6700;font-weight:600}.sev-info{color:#0969da}
.summary{padding:.6rem .8rem;border-radius:6px;background:#f6f8fa}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
.muted{color:#59636e}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}th,.summary{background:#161b22}th,td{border-color:#30363d}}
`.trim();

function rows(cells: string[][]): string {
  return cells.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
}

function tableHtml(header: string[], body: string[][]): string {
  return `<table>\n<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows(body)}\n</tbody>\n</table>`;
}

export const format: Formatter = (report, ctx) => {
  const s = report.summary;
  const components = componentIndex(report);
  const active: Finding[] = sortFindingsBySeverity(withMissingEvidenceGrouped(report.findings.filter((f) => !f.suppressed)));
  const parts: string[] = [];
  parts.push(
    `<p class="summary"><strong>${s.errors} error(s), ${s.warnings} warning(s)</strong>, ${s.infos} info, ${s.suppressed} suppressed · ${s.components} component(s) · profile <code>${escapeHtml(report.profile.distribution)}</code>${report.profile.commercial ? ' (commercial)' : ' (non-commercial)'}</p>`,
  );
  if (report.profile.reasons.length > 0) {
    parts.push(`<p class="muted">Profile ${escapeHtml(report.profile.origin)}: ${report.profile.reasons.map(escapeHtml).join('; ')}</p>`);
  }
  if (report.ownLicense) {
    parts.push(`<p>Project license: <code>${escapeHtml(report.ownLicense.expression ?? 'unknown')}</code> (${escapeHtml(report.ownLicense.category)})</p>`);
  }

  const changes = changesOf(report);
  if (changes) {
    parts.push('<h2>Dependency changes</h2>');
    parts.push(
      changes.length === 0
        ? '<p>No component changes against the base.</p>'
        : tableHtml(
            ['change', 'package', 'version', 'license', 'category'],
            changes.map((c) => [
              escapeHtml(c.kind),
              escapeHtml(`${c.ecosystem}:${c.name}`),
              escapeHtml(describeVersionChange(c)),
              escapeHtml(c.expression.from === c.expression.to ? (c.expression.to ?? 'unknown') : `${c.expression.from ?? '—'} → ${c.expression.to ?? '—'}`),
              escapeHtml(c.category.from === c.category.to ? (c.category.to ?? 'unknown') : `${c.category.from ?? '—'} → ${c.category.to ?? '—'}`),
            ]),
          ),
    );
  }

  parts.push('<h2>Findings</h2>');
  if (active.length === 0) {
    parts.push('<p>No findings.</p>');
  } else {
    parts.push(
      tableHtml(
        ['severity', 'rule', 'package@version', 'license', 'why', 'where'],
        active.map((f) => {
          const component = f.component ? components.get(f.component) : undefined;
          const meta = ctx.rules?.[f.ruleId];
          const rule = meta
            ? `<a href="${escapeHtml(docUrl(meta.docs.url))}">${escapeHtml(f.ruleId)}</a>`
            : escapeHtml(f.ruleId);
          const pkg = component ? `${component.name}@${component.version}` : (f.component ?? '(project)');
          const license = f.data?.license ?? component?.license.expression ?? '—';
          const via = f.path && f.path.length > 1 ? `<br><span class="muted">via ${escapeHtml(f.path.join(' > '))}</span>` : '';
          return [
            `<span class="sev-${f.severity}">${escapeHtml(f.severity)}</span>`,
            rule,
            escapeHtml(pkg),
            `<code>${escapeHtml(license)}</code>`,
            escapeHtml(f.message) + via,
            `<code>${escapeHtml(`${f.location.file}:${f.location.line}:${f.location.column}`)}</code>`,
          ];
        }),
      ),
    );
  }

  parts.push('<h2>Licenses by category</h2>');
  parts.push(
    tableHtml(
      ['category', 'components'],
      CATEGORY_ORDER.filter((c) => (s.byCategory?.[c] ?? 0) > 0).map((c) => [escapeHtml(c), String(s.byCategory[c])]),
    ),
  );

  const models = modelRows(report);
  if (models.length > 0) {
    parts.push('<h2>AI models</h2>');
    parts.push(tableHtml(['model', 'license', 'category', 'base models'], models.map((m) => [escapeHtml(m.model), `<code>${escapeHtml(m.license)}</code>`, escapeHtml(m.category), escapeHtml(m.basedOn || '—')])));
  }

  parts.push('<h2>Components</h2>');
  parts.push(
    tableHtml(
      ['package', 'version', 'scope', 'license', 'category'],
      [...report.components]
        .sort((a, b) => compareStrings(a.id, b.id))
        .map((c) => [
          escapeHtml(`${c.ecosystem}:${c.name}`),
          escapeHtml(c.version),
          escapeHtml(`${c.scope}${c.direct ? ', direct' : ''}`),
          `<code>${escapeHtml(c.license.expression ?? 'unknown')}</code>`,
          escapeHtml(c.license.category),
        ]),
    ),
  );

  if (report.diagnostics.length > 0) {
    parts.push('<h2>Diagnostics</h2>');
    parts.push(
      tableHtml(
        ['severity', 'code', 'file', 'message'],
        report.diagnostics.map((d) => [escapeHtml(d.severity), escapeHtml(d.code), escapeHtml(d.line ? `${d.file}:${d.line}` : d.file), escapeHtml(d.message)]),
      ),
    );
  }

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>license-risk report</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>license-risk ${escapeHtml(report.tool.version)}</h1>`,
    ...parts,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};
