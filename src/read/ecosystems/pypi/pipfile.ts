/** Pipfile: pipenv's `[packages]` and `[dev-packages]`. */
import type { Diagnostic, ReadContext } from '../../../types';
import { TomlLocator } from '../shared/lines';
import { dirOf, isRecord, parseTomlDocument, readCheckoutText, str } from '../shared/parse';
import { normalizePypiName } from '../shared/purl';
import type { Declaration } from './model';

export async function readPipfile(ctx: ReadContext, rel: string, declarations: Declaration[], diagnostics: Diagnostic[], rootLabel: string): Promise<void> {
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return;
  const doc = parseTomlDocument(rel, text, diagnostics);
  if (!doc) return;
  const loc = new TomlLocator(rel, text);
  for (const [table, scope] of [
    ['packages', 'prod'],
    ['dev-packages', 'dev'],
  ] as const) {
    const deps = doc[table];
    if (!isRecord(deps)) continue;
    for (const [depName, spec] of Object.entries(deps)) {
      const requested = typeof spec === 'string' ? spec : isRecord(spec) ? str(spec.version) ?? '' : '';
      const pin = /^===?\s*([^\s,*]+)$/.exec(requested.trim());
      declarations.push({
        name: normalizePypiName(depName),
        requested,
        pinned: pin?.[1],
        scope,
        location: loc.findKey(table, depName) ?? loc.start(),
        dir: dirOf(rel),
        rootLabel,
      });
    }
  }
}
