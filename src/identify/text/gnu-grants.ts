/** GNU grant sentences ("version 2 of the License, or (at your option) any later version"). */
import type { TemplateHit } from './match';
import type { Part } from './parts';
import { pairFamily, templateNorm, type TemplateIndex } from './template-index';

const GNU_GRANT =
  /\b(gnu (?:lesser |library |affero )?general public license) (?:as published by the free software foundation )?(?:either )?version (\d)(?: (\d))?(?: of the license)?( or at your option any later version| or any later version| or later)?/g;

/** GNU licenses granted in a normalised text, `-or-later` when the grant says so. */
export function gnuGrants(norm: string): string[] {
  const out: string[] = [];
  for (const m of norm.matchAll(GNU_GRANT)) {
    const id = `${grantFamily(m[1], m[2], m[3])}-${m[4] ? 'or-later' : 'only'}`;
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export function countOrLaterGrants(norm: string, family: string): number {
  let n = 0;
  for (const m of norm.matchAll(GNU_GRANT)) if (m[4] && grantFamily(m[1], m[2], m[3]) === family) n++;
  return n;
}

function grantFamily(name: string, major: string, minor: string | undefined): string {
  // The "Library" GPL only ever had version 2.0; version 2.1 renamed it "Lesser".
  const version = `${major}.${minor ?? (name.includes('lesser') && major === '2' ? '1' : '0')}`;
  const prefix = name.includes('affero') ? 'AGPL' : name.includes('lesser') || name.includes('library') ? 'LGPL' : 'GPL';
  return `${prefix}-${version}`;
}

/** `-only` / `-or-later` twins: the text's own grant sentence (or a pointer) decides. */
export function resolveGnuPairs(index: TemplateIndex, parts: Part[], hits: TemplateHit[], wholeNorm: () => string, notes: Set<string>): void {
  const pointerIds = new Set(parts.filter((p) => p.kind !== 'template').flatMap((p) => p.ids));
  for (const hit of hits) {
    const id = hit.entry.id;
    const family = pairFamily(id);
    const twin = family ? `${family}-or-later` : null;
    if (!family || !twin || !(hit.entry.alternatives ?? []).includes(twin)) continue;
    let chosen = `${family}-only`;
    // The template's own "How to Apply" appendix holds one grant sentence; a grant beyond those is the text's own.
    const ownGrant = countOrLaterGrants(wholeNorm(), family) > countOrLaterGrants(` ${templateNorm(index, hit.entryIndex)} `, family);
    if (ownGrant || pointerIds.has(twin)) chosen = twin;
    else if (!pointerIds.has(`${family}-only`)) {
      notes.add(`${family}: the license text alone cannot tell -only from -or-later; -only assumed (no "or any later version" grant found)`);
    }
    for (const part of parts) {
      part.ids = part.ids.map((x) => (x === id ? chosen : x));
      for (const m of part.match) if (m.id === id) m.id = chosen;
    }
  }
}
