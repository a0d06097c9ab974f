/**
 * What a repository's own license files say together, and the README's "License" section when
 * nothing else does (issue 12). Scopes (an `ee/` folder under other terms) are not decided here.
 */
import type { SafeFs, TextIdentification } from '../types';
import { combineFileExpressions } from './index';
import { identifyReadmeLicenseSection } from './text';

/**
 * The LGPLv3 is a set of additional permissions on top of the GPLv3, so a project licensed
 * under it ships both texts (`COPYING` + `COPYING.LESSER`): the pair is the LGPL, not
 * "GPL-3.0 AND LGPL-3.0". Other files combine as before (identical answers collapse, else AND).
 */
export function combineOwnLicenseFiles(files: { file: string; expression: string | null }[]): { expression: string | null; notes: string[] } {
  const expressions = [...new Set(files.map((f) => f.expression).filter((e): e is string => !!e))];
  const lgpl3 = expressions.find((e) => /^LGPL-3\.0(?:-only|-or-later|\+)?$/.test(e));
  const gpl3 = expressions.filter((e) => /^GPL-3\.0(?:-only|-or-later|\+)?$/.test(e));
  if (lgpl3 && gpl3.length > 0) {
    const rest = files.filter((f) => !f.expression || !gpl3.includes(f.expression));
    const gplFiles = files.filter((f) => f.expression && gpl3.includes(f.expression)).map((f) => f.file);
    return {
      expression: combineFileExpressions(rest),
      notes: [`${gplFiles.join(', ')}: the GPLv3 text that the LGPLv3 (${lgpl3}) builds on, shipped beside it as the LGPLv3 asks; the project's license is ${lgpl3}`],
    };
  }
  return { expression: combineFileExpressions(files), notes: [] };
}

const README_NAME = /^readme(?:\.(?:md|markdown|rst|txt|adoc|org))?$/i;

/** The root README's "License" section, identified at lower confidence; null without one. */
export async function readmeLicense(allFiles: string[], fs: SafeFs): Promise<{ file: string; identification: TextIdentification } | null> {
  const file = allFiles.filter((f) => !f.includes('/') && README_NAME.test(f)).sort()[0];
  if (!file) return null;
  const read = await fs.readText(file, { maxBytes: 256 * 1024, allowTruncate: true });
  if (!read.ok) return null;
  const identification = identifyReadmeLicenseSection(read.text);
  return identification?.expression ? { file, identification } : null;
}
