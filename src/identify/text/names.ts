/**
 * Recognises licenses *named* in prose: pointer files ("licensed under the Elastic License
 * 2.0 or SSPL"), notices around a full text, BSL Change License values. Names come from the
 * SPDX list (names and ids), curated aliases and the project templates (template index).
 */
import { tokenize } from './normalize';
import type { TemplateIndex } from './template-index';

export interface NamedLicense {
  id: string;
  /** Token position in the scanned phrase. */
  position: number;
  /** Set when a GNU version qualifier was not written and `-only` was assumed. */
  assumedOnly?: boolean;
}

interface AliasTable {
  byFirstToken: Map<string, Array<{ tokens: string[]; target: string }>>;
}

const tables = new WeakMap<TemplateIndex, AliasTable>();

function aliasTable(index: TemplateIndex): AliasTable {
  let table = tables.get(index);
  if (table) return table;
  const byFirstToken = new Map<string, Array<{ tokens: string[]; target: string }>>();
  for (const { phrase, target } of [...index.names, ...index.orLaterGrants]) {
    const tokens = phrase.split(' ');
    const list = byFirstToken.get(tokens[0]) ?? [];
    list.push({ tokens, target });
    byFirstToken.set(tokens[0], list);
  }
  for (const list of byFirstToken.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  table = { byFirstToken };
  tables.set(index, table);
  return table;
}

/** Words after a name that make it a description rather than the license itself. */
const NOT_THE_LICENSE = new Set(['compatible', 'style', 'like', 'based', 'derived']);

const OR_LATER = [['or', 'later'], ['or', 'any', 'later'], ['or', 'at', 'your', 'option', 'any', 'later'], ['or', 'newer'], ['and', 'later'], ['or', 'higher']];

function startsWith(tokens: string[], at: number, seq: string[]): boolean {
  for (let k = 0; k < seq.length; k++) if (tokens[at + k] !== seq[k]) return false;
  return true;
}

/** Resolves a GNU family (`GPL-2.0+`) by the words that follow it. */
function resolveFamily(target: string, tokens: string[], after: number): { id: string; assumedOnly?: boolean } {
  if (!target.endsWith('+')) return { id: target };
  const base = target.slice(0, -1);
  // Skip "of the License" / "license" between the name and the qualifier.
  let at = after;
  while (tokens[at] === 'license' || tokens[at] === 'version') at++;
  if (OR_LATER.some((seq) => startsWith(tokens, at, seq))) return { id: `${base}-or-later` };
  if (tokens[at] === 'only') return { id: `${base}-only` };
  return { id: `${base}-only`, assumedOnly: true };
}

/** Every license named in a token sequence, in order (longest name wins at a position). */
export function findNamedLicenses(index: TemplateIndex, tokens: string[]): NamedLicense[] {
  const table = aliasTable(index);
  const out: NamedLicense[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const list = table.byFirstToken.get(tokens[i]);
    if (!list) continue;
    const alias = list.find((a) => startsWith(tokens, i, a.tokens));
    if (!alias) continue;
    const after = i + alias.tokens.length;
    if (NOT_THE_LICENSE.has(tokens[after])) {
      i = after - 1;
      continue;
    }
    const { id, assumedOnly } = resolveFamily(alias.target, tokens, after);
    out.push({ id, position: i, ...(assumedOnly ? { assumedOnly } : {}) });
    i = after - 1;
  }
  return out;
}

/** The single license a short phrase names (`MPL 2.0` → `MPL-2.0`), or null. */
export function resolveLicenseName(index: TemplateIndex, phrase: string): string | null {
  const tokens = tokenize(phrase, { keepCopyright: true }).tokens;
  const named = findNamedLicenses(index, tokens);
  const ids = [...new Set(named.map((n) => n.id))];
  return ids.length === 1 ? ids[0] : null;
}
