import * as fs from 'node:fs';
import * as path from 'node:path';
import { getRule, listRuleIds } from '../../../rules';
import { getLicenseInfo } from '../../classify';
import { relicensingEvents, describeEvent, type RelicensingEvent } from '../../evaluate';
import { packageRoot } from '../../paths';
import { FatalError } from '../../errors';
import type { CliIO } from '../io';

/**
 * `license-risk explain <id>`: a rule's documentation; or a license's category, traits with
 * their clauses and the relicensing events that moved projects to or from it; or, for a
 * package name, its relicensing history.
 */
export async function runExplain(flags: { id: string }, io: CliIO): Promise<number> {
  const id = flags.id.trim();
  const rule = getRule(id);
  if (rule) {
    const doc = path.join(packageRoot(), rule.meta.docs.url);
    const text = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : `# ${id}\n\n${rule.meta.docs.description}\n`;
    io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    return 0;
  }

  // A Hugging Face Hub license key (`explain llama3.1`, `explain gemma`) names a model license.
  const hubLicense = getLicenseInfo(id) ? undefined : (await import('../../classify/models')).licenseIdForHubKey(id);
  const info = getLicenseInfo(hubLicense ?? id);
  const byPackage = relicensingEvents().filter((e) => e.packages.some((p) => p.name.toLowerCase() === id.toLowerCase()) || e.project.toLowerCase() === id.toLowerCase());
  if (!info && byPackage.length === 0) {
    throw new FatalError(`explain: "${id}" is neither a rule (${listRuleIds().join(', ')}), a known license id nor a package in the relicensing knowledge base`);
  }

  const out: string[] = [];
  if (info) {
    out.push(`${info.id} — ${info.name}`, '');
    if (hubLicense) out.push(`Hugging Face Hub license key: ${id}`);
    out.push(`category:      ${info.category}`);
    out.push(`OSI approved:  ${info.osiApproved ? 'yes' : 'no'}`);
    out.push(`FSF libre:     ${info.fsfLibre ? 'yes' : 'no'}`);
    if (info.deprecated) out.push('deprecated:    yes (the SPDX list replaced this id)');
    if (info.traits.length) {
      out.push('', 'traits:');
      for (const t of info.traits) out.push(`  ${t.trait.padEnd(26)} ${t.limit !== undefined ? `[${t.limit} monthly active users] ` : ''}${t.clause}`);
    } else {
      out.push('', 'traits: none that the rules act on');
    }
    if (info.sources.length) out.push('', 'sources:', ...info.sources.map((s) => `  ${s}`));
    const history = relicensingEvents().filter((e) => mentions(e, info.id));
    if (history.length) out.push('', 'relicensing events involving it:', ...history.map((e) => `  ${describeEvent(e)}`));
  }
  if (byPackage.length) {
    if (out.length) out.push('');
    out.push(`relicensing history of ${id}:`, ...byPackage.map((e) => `  ${describeEvent(e)}${eventSources(e)}`));
  }
  io.stdout(`${out.join('\n')}\n`);
  return 0;
}

function mentions(event: RelicensingEvent, licenseId: string): boolean {
  const re = new RegExp(`(^|[^A-Za-z0-9.-])${licenseId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9.-])`);
  return re.test(event.from) || re.test(event.to);
}

function eventSources(event: RelicensingEvent): string {
  return event.sources.length ? `\n    source: ${event.sources.join(', ')}` : '';
}
