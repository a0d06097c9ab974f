import type { SafeFs } from '../types';

/** The root README's text, for the rules (a project that calls itself open source) and the own-license's last resort. */
export interface RootReadme {
  file: string;
  text: string;
}

const README_NAME = /^readme(\.(md|markdown|rst|txt|adoc|org))?$/i;

/** The checkout's root README (first 256 KB), or undefined when there is none or it cannot be read. */
export async function readRootReadme(allFiles: string[], safeFs: SafeFs): Promise<RootReadme | undefined> {
  const file = allFiles.filter((f) => !f.includes('/') && README_NAME.test(f)).sort()[0];
  if (!file) return undefined;
  const read = await safeFs.readText(file, { maxBytes: 256 * 1024, allowTruncate: true });
  return read.ok ? { file, text: read.text } : undefined;
}
