import { loadAllRules } from '../../../rules';
import { resolveRuleSetting, parseProfileSpec } from '../../evaluate';
import { FatalError } from '../../errors';
import { DISTRIBUTIONS, isProfileName } from '../../config/names';
import type { Distribution, Profile } from '../../types';
import type { CliIO } from '../io';

/** `license-risk rules`: every rule with its default severity per profile (or the active one). */
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: callers await it, and a throw must reach them as a rejection
export async function runRules(flags: { profile?: string; format: 'text' | 'json' }, io: CliIO): Promise<number> {
  if (flags.profile !== undefined && (!isProfileName(flags.profile) || parseProfileSpec(flags.profile).ok && flags.profile.trim().toLowerCase().startsWith('auto'))) {
    throw new FatalError(`--profile: "${flags.profile}" is not one of saas, distributed, library, internal (optionally with ":noncommercial")`);
  }
  const rules = loadAllRules();
  const profiles: Profile[] = flags.profile
    ? [toProfile(flags.profile)]
    : DISTRIBUTIONS.map((distribution) => ({ distribution, commercial: true, origin: 'default', reasons: [] }));
  const rows = Object.keys(rules)
    .sort()
    .map((id) => ({
      id,
      description: rules[id].meta.docs.description,
      docs: rules[id].meta.docs.url,
      severity: Object.fromEntries(profiles.map((p) => [label(p), resolveRuleSetting(rules[id], p, {}).severity])),
    }));

  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const columns = profiles.map(label);
  const idWidth = Math.max(...rows.map((r) => r.id.length), 4);
  const colWidth = Math.max(...columns.map((c) => c.length), 5);
  io.stdout(`${'rule'.padEnd(idWidth)}  ${columns.map((c) => c.padEnd(colWidth)).join('  ')}  description\n`);
  for (const r of rows) {
    io.stdout(`${r.id.padEnd(idWidth)}  ${columns.map((c) => r.severity[c].padEnd(colWidth)).join('  ')}  ${r.description}\n`);
  }
  io.stdout(`\nlicense-risk explain <rule-id> prints a rule's documentation.\n`);
  return 0;
}

function toProfile(value: string): Profile {
  const parsed = parseProfileSpec(value);
  if (!parsed.ok) throw new FatalError(`--profile: ${parsed.error}`);
  return { distribution: parsed.spec.distribution as Distribution, commercial: parsed.spec.commercial ?? true, origin: 'flag', reasons: [] };
}

function label(p: Profile): string {
  return p.commercial ? p.distribution : `${p.distribution}:noncommercial`;
}
