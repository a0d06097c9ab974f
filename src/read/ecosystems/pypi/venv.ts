/** Installed distributions in virtualenvs: `*.dist-info` / `*.egg-info` core metadata and license files. */
import type { Diagnostic, LicenseEvidence, ReadContext, SourceLocation } from '../../../types';
import { diag } from '../shared/diagnostics';
import { LICENSE_FILE_NAME, baseName, joinRel, readCheckoutText } from '../shared/parse';
import { normalizePypiName } from '../shared/purl';
import { allHeaders, firstHeader, parseCoreMetadata } from './metadata';
import { type InstalledDist, pushClassifierEvidence } from './model';

export async function readVirtualenv(ctx: ReadContext, tree: string, diagnostics: Diagnostic[]): Promise<InstalledDist[]> {
  const sitePackages: string[] = [];
  for (const libName of ['lib', 'lib64', 'Lib']) {
    const lib = joinRel(tree, libName);
    if (libName === 'Lib') {
      if (ctx.fs.list(lib).includes('site-packages')) sitePackages.push(joinRel(lib, 'site-packages'));
      continue;
    }
    for (const entry of ctx.fs.list(lib)) {
      if (/^(python|pypy)\d/.test(entry) && ctx.fs.list(joinRel(lib, entry)).includes('site-packages')) sitePackages.push(joinRel(joinRel(lib, entry), 'site-packages'));
    }
  }
  const out: InstalledDist[] = [];
  const seenReal = new Set<string>();
  for (const site of sitePackages) {
    // lib64 is often a symlink to lib: read each real folder once.
    const real = ctx.fs.realpathInRoot(site);
    if (!real || seenReal.has(real)) continue;
    seenReal.add(real);
    for (const entry of ctx.fs.list(site)) {
      const isDist = entry.endsWith('.dist-info');
      const isEgg = entry.endsWith('.egg-info');
      if (!isDist && !isEgg) continue;
      const distDir = joinRel(site, entry);
      const metadataFile = joinRel(distDir, isDist ? 'METADATA' : 'PKG-INFO');
      if (!ctx.fs.exists(metadataFile)) continue;
      const text = await readCheckoutText(ctx, metadataFile, diagnostics);
      if (text === undefined) continue;
      const dist = distFromMetadata(ctx, text, distDir, metadataFile, diagnostics);
      if (dist) out.push(dist);
    }
  }
  return out;
}

function distFromMetadata(ctx: ReadContext, text: string, distDir: string, metadataFile: string, diagnostics: Diagnostic[]): InstalledDist | undefined {
  const meta = parseCoreMetadata(text);
  const name = firstHeader(meta, 'Name')?.value.trim();
  const version = firstHeader(meta, 'Version')?.value.trim() ?? '';
  if (!name) {
    diagnostics.push(diag('invalid-metadata', metadataFile, 'core metadata has no Name header'));
    return undefined;
  }
  const at = (line: number): SourceLocation => ({ file: metadataFile, line, column: 1 });
  const evidence: LicenseEvidence[] = [];
  const expression = firstHeader(meta, 'License-Expression');
  if (expression?.value.trim()) evidence.push({ kind: 'declared', field: 'license-expression', value: expression.value.trim(), location: at(expression.line), baseDir: distDir });
  const license = firstHeader(meta, 'License');
  // "UNKNOWN" is what old setuptools wrote when nothing was given.
  if (license?.value.trim() && license.value.trim() !== 'UNKNOWN') {
    evidence.push({ kind: 'declared', field: 'license', value: license.value.trim(), location: at(license.line), baseDir: distDir });
  }
  const classifiers = allHeaders(meta, 'Classifier');
  const licenseClassifier = classifiers.find((c) => c.value.trim().startsWith('License ::'));
  pushClassifierEvidence(evidence, classifiers.map((c) => c.value), licenseClassifier ? at(licenseClassifier.line) : undefined);

  // Metadata 2.4 puts License-File paths under `licenses/`; older wheels at the dist-info root.
  const licenseFiles = new Set<string>();
  for (const h of allHeaders(meta, 'License-File')) {
    const f = h.value.trim();
    if (!f || f.split('/').includes('..')) continue;
    for (const candidate of [joinRel(joinRel(distDir, 'licenses'), f), joinRel(distDir, f), joinRel(distDir, baseName(f))]) {
      if (ctx.fs.exists(candidate)) {
        licenseFiles.add(candidate);
        break;
      }
    }
  }
  if (licenseFiles.size === 0) {
    for (const entry of ctx.fs.list(distDir)) if (LICENSE_FILE_NAME.test(entry)) licenseFiles.add(joinRel(distDir, entry));
    for (const entry of ctx.fs.list(joinRel(distDir, 'licenses'))) licenseFiles.add(joinRel(joinRel(distDir, 'licenses'), entry));
  }
  for (const f of [...licenseFiles].sort()) evidence.push({ kind: 'file', file: f });
  return { name: normalizePypiName(name), version, evidence, metadataFile, distDir };
}
