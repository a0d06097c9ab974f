import * as path from 'node:path';
import type { Component, EvidenceSource, InstallHint, MissingEvidence, ReportComponent } from '../types';
import { installCommandForFile, installFallback } from '../ecosystems';
import { compareStrings } from '../util/compare';

/**
 * Where a component's evidence came from, in order of trust: an installed folder (or another
 * file of the checkout), a package manager's cache (absolute paths and `~/…`: outside the
 * checkout), the lockfile's license field, a registry lookup, the config alone, or nothing.
 */
export function evidenceSourceOf(c: Component): EvidenceSource {
  if (c.installedPath !== undefined) return 'installed';
  if (c.cache) return 'cache';
  const outside = (file: string | undefined) => !!file && (path.isAbsolute(file) || file.startsWith('~/'));
  let checkout = false;
  let lockfile = false;
  let cache = false;
  let online = false;
  let override = false;
  for (const e of c.evidence) {
    if (e.kind === 'lockfile') lockfile = true;
    else if (e.kind === 'override') override = true;
    else if (e.kind === 'file') {
      if (/^https?:\/\//.test(e.file)) online = true;
      else if (outside(e.file)) cache = true;
      else checkout = true;
    }
    // A license text embedded in an SBOM was read from the package by the SBOM's tool.
    else if (e.kind === 'text') checkout = true;
    else if (e.field.startsWith('registry:')) online = true;
    else if (e.origin || outside(e.location?.file) || outside(e.baseDir)) cache = true;
    else checkout = true;
  }
  if (checkout) return 'installed';
  if (cache) return 'cache';
  if (lockfile) return 'lockfile';
  if (online) return 'online';
  if (override || c.license?.source === 'override') return 'override';
  return 'none';
}

/** SBOM components of other purl types: only the SBOM's tool can add what it left out. */
const GENERIC_INSTALL = { packageManager: 'sbom', command: 'regenerate the SBOM with license data (e.g. syft, trivy, cdxgen, cyclonedx-npm --gather-license-texts)' };

/** The reader's hint (it knows yarn classic from berry), else one from the file's name, else the ecosystem's usual command (src/ecosystems). */
export function installHintFor(c: Component): InstallHint {
  if (c.installHint) return c.installHint;
  const file = c.location.file;
  const byFile = installCommandForFile(path.posix.basename(file));
  if (byFile) return { file, packageManager: byFile.packageManager, command: byFile.command.replace('{file}', file) };
  return { file, ...(c.ecosystem === 'generic' ? GENERIC_INSTALL : installFallback(c.ecosystem)) };
}

export const NOT_INSTALLED_REASON = "not installed, and in no package manager's cache on this machine";

/** The report's `evidence` member of a component. */
export function reportEvidence(c: Component): ReportComponent['evidence'] {
  const source = evidenceSourceOf(c);
  if (source === 'cache' && c.cache) return { source, cache: `${c.cache.kind} ${c.cache.path}` };
  if (source === 'none') return { source, reason: NOT_INSTALLED_REASON, command: installHintFor(c).command };
  return { source };
}

/** Components that could not be judged for want of evidence, one entry per lockfile. */
export function missingEvidenceByLockfile(components: Component[]): MissingEvidence[] {
  const groups = new Map<string, MissingEvidence>();
  for (const c of components) {
    // A model's missing card is said per model (`noModelCard`): no lockfile lists models.
    if (c.ecosystem === 'huggingface' || c.license?.expression || evidenceSourceOf(c) !== 'none') continue;
    const hint = installHintFor(c);
    const key = `${hint.file}\0${c.ecosystem}\0${hint.command}`;
    const group = groups.get(key);
    if (group) group.components++;
    else groups.set(key, { file: hint.file, ecosystem: c.ecosystem, packageManager: hint.packageManager, components: 1, reason: 'not-installed', command: hint.command, online: '--online' });
  }
  return [...groups.values()].sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.ecosystem, b.ecosystem) || compareStrings(a.command, b.command));
}
