import type { Category, Finding, Report, Severity } from '../../types';
import { CATEGORY_ORDER } from '../../types';
import { compareStrings } from '../../util/compare';
import { escapeHtml } from './escape';
import { nameOfPathEntry } from '../grouping';

/**
 * The report's three charts as inline SVG drawn here (no library, no script): horizontal bars
 * whose lengths are SVG attributes, colours by CSS class so dark mode and print restyle them,
 * and a <title>/<desc> that reads every value to a screen reader.
 */

const WIDTH = 420;
const LABEL = 150;
const BAR_HEIGHT = 18;
const GAP = 6;
const VALUE_ROOM = 44;

interface Segment {
  value: number;
  cls: string;
  label: string;
  /** The legend's word for this colour, when it differs from the (singular/plural) label. */
  legend?: string;
}

interface Bar {
  label: string;
  segments: Segment[];
}

function barChart(id: string, title: string, bars: Bar[], empty: string): string {
  if (bars.length === 0) return `<figure class="chart" id="${id}"><figcaption>${escapeHtml(title)}</figcaption><p class="muted">${escapeHtml(empty)}</p></figure>`;
  const max = Math.max(1, ...bars.map((b) => b.segments.reduce((n, s) => n + s.value, 0)));
  const span = WIDTH - LABEL - VALUE_ROOM;
  const height = bars.length * (BAR_HEIGHT + GAP) + GAP;
  const desc = bars
    .map((b) => `${b.label}: ${b.segments.filter((s) => s.value > 0).map((s) => `${s.value} ${s.label}`.trim()).join(', ')}`)
    .join('; ');
  const rows = bars.map((b, i) => {
    const y = GAP + i * (BAR_HEIGHT + GAP);
    let x = LABEL;
    const total = b.segments.reduce((sum, s) => sum + s.value, 0);
    const rects = b.segments
      .filter((s) => s.value > 0)
      .map((s) => {
        // A bar of 1 among 2,400 still shows: at least 2 units wide.
        const w = Math.max(2, Math.round((s.value / max) * span));
        const rect = `<rect class="${s.cls}" x="${x}" y="${y}" width="${w}" height="${BAR_HEIGHT}"><title>${escapeHtml(`${b.label}: ${s.value} ${s.label}`.trim())}</title></rect>`;
        x += w;
        return rect;
      })
      .join('');
    const label = b.label.length > 21 ? `${b.label.slice(0, 20)}…` : b.label;
    return `<text class="axis" x="${LABEL - 8}" y="${y + BAR_HEIGHT - 5}" text-anchor="end">${escapeHtml(label)}</text>${rects}<text class="value" x="${x + 6}" y="${y + BAR_HEIGHT - 5}">${total}</text>`;
  });
  return [
    `<figure class="chart" id="${id}">`,
    `<figcaption id="${id}-t">${escapeHtml(title)}</figcaption>`,
    `<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">`,
    `<desc id="${id}-d">${escapeHtml(desc)}</desc>`,
    ...rows,
    '</svg>',
    legendOf(bars),
    '</figure>',
  ].join('');
}

function legendOf(bars: Bar[]): string {
  // In segment order (error, warning, info), whichever bar first shows each colour.
  const used = new Set(bars.flatMap((b) => b.segments.filter((s) => s.value > 0).map((s) => s.cls)));
  const seen = new Map<string, string>();
  for (const b of bars) for (const s of b.segments) if (s.label && used.has(s.cls) && !seen.has(s.cls)) seen.set(s.cls, s.legend ?? s.label);
  if (seen.size < 2) return '';
  return `<ul class="legend" aria-hidden="true">${[...seen].map(([cls, label]) => `<li><svg width="10" height="10"><rect class="${cls}" width="10" height="10"/></svg> ${escapeHtml(label)}</li>`).join('')}</ul>`;
}

export function categoryChart(report: Report): string {
  const bars = CATEGORY_ORDER.filter((c: Category) => (report.summary.byCategory[c] ?? 0) > 0).map((c) => ({
    label: c,
    segments: [{ value: report.summary.byCategory[c], cls: `cat-${c}`, label: '' }],
  }));
  return barChart('chart-categories', 'Components by license category', bars, 'No dependencies found.');
}

const SEVERITIES: Severity[] = ['error', 'warn', 'info'];
const SEVERITY_WORD: Record<Severity, [string, string]> = { error: ['error', 'errors'], warn: ['warning', 'warnings'], info: ['info', 'info'] };

function severitySegments(counts: Record<Severity, number>): Segment[] {
  return SEVERITIES.map((s) => ({ value: counts[s], cls: `sev-fill-${s}`, label: SEVERITY_WORD[s][counts[s] === 1 ? 0 : 1], legend: SEVERITY_WORD[s][1] }));
}

export function ruleChart(findings: readonly Finding[]): string {
  const byRule = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const counts = byRule.get(f.ruleId) ?? { error: 0, warn: 0, info: 0 };
    counts[f.severity]++;
    byRule.set(f.ruleId, counts);
  }
  const bars = [...byRule.keys()].sort(compareStrings).map((rule) => ({ label: rule, segments: severitySegments(byRule.get(rule)!) }));
  return barChart('chart-rules', 'Findings by rule and severity', bars, 'No findings.');
}

/** The direct dependency a finding is charged to: the one that brought it in, or itself. */
export function directOf(f: Finding): string | undefined {
  if (f.path && f.path.length >= 2) return nameOfPathEntry(f.path[1]);
  if (f.component) {
    const colon = f.component.indexOf(':');
    return nameOfPathEntry(f.component.slice(colon + 1));
  }
  return undefined;
}

/** Direct dependencies ranked by their findings' weight (an error outweighs any number of warnings below ten). */
export function riskiestChart(findings: readonly Finding[], limit = 10): string {
  const byDirect = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const direct = directOf(f);
    if (!direct) continue;
    const counts = byDirect.get(direct) ?? { error: 0, warn: 0, info: 0 };
    counts[f.severity]++;
    byDirect.set(direct, counts);
  }
  const score = (c: Record<Severity, number>) => c.error * 100 + c.warn * 10 + c.info;
  const ranked = [...byDirect]
    .filter(([, c]) => c.error + c.warn > 0)
    .sort((a, b) => score(b[1]) - score(a[1]) || compareStrings(a[0], b[0]))
    .slice(0, limit);
  const bars = ranked.map(([name, counts]) => ({ label: name, segments: severitySegments(counts) }));
  return barChart('chart-direct', 'Riskiest direct dependencies (findings they bring in)', bars, 'No direct dependency brings in an error or warning.');
}
