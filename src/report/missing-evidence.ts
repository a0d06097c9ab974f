import type { Finding, Severity } from '../types';
import { compareStrings } from '../util/compare';

/** One "could not judge" line for a lockfile, standing for all its `noEvidence` findings. */
export interface MissingEvidenceGroup {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  ruleId: string;
  count: number;
  command: string;
  message: string;
}

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

const isNoEvidence = (f: Finding) => f.ruleId === 'unknown-license' && f.messageId === 'noEvidence';

/**
 * Human outputs say "could not judge" once per lockfile (the JSON report keeps one finding
 * per component): a fresh clone of a yarn app is one line naming `yarn install
 * --frozen-lockfile` and `--online`, not two thousand warnings. A single finding stays as it is.
 */
export function groupMissingEvidence(findings: Finding[]): { rest: Finding[]; groups: MissingEvidenceGroup[] } {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!isNoEvidence(f)) continue;
    // The rule names the lockfile that lists the component; direct dependencies point at package.json.
    const key = `${f.data?.lockfile ?? f.location.file}\0${f.data?.command ?? ''}`;
    const list = byFile.get(key) ?? [];
    list.push(f);
    byFile.set(key, list);
  }
  const grouped = new Set<Finding>();
  const groups: MissingEvidenceGroup[] = [];
  for (const list of byFile.values()) {
    if (list.length < 2) continue;
    for (const f of list) grouped.add(f);
    const first = list[0];
    const severity = list.reduce<Severity>((s, f) => (RANK[f.severity] > RANK[s] ? f.severity : s), 'info');
    const command = first.data?.command ?? 'install the dependencies';
    const file = first.data?.lockfile ?? first.location.file;
    const inFile = list.filter((f) => f.location.file === file);
    groups.push({
      file,
      line: inFile.length > 0 ? Math.min(...inFile.map((f) => f.location.line)) : 1,
      column: 1,
      severity,
      ruleId: first.ruleId,
      count: list.length,
      command,
      message: `${list.length} components could not be judged: no license evidence (${first.data?.reason ?? 'not installed'}). Fix: run \`${command}\` and scan again, or scan with --online.`,
    });
  }
  groups.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.command, b.command));
  return { rest: findings.filter((f) => !grouped.has(f)), groups };
}

/** The findings with each lockfile's `noEvidence` findings replaced by one finding saying it once. */
export function withMissingEvidenceGrouped(findings: Finding[]): Finding[] {
  const { rest, groups } = groupMissingEvidence(findings);
  const said: Finding[] = groups.map((g) => ({
    ruleId: g.ruleId,
    severity: g.severity,
    messageId: 'noEvidence',
    message: g.message,
    location: { file: g.file, line: g.line, column: g.column },
    data: { components: String(g.count), command: g.command },
  }));
  return [...said, ...rest];
}
