/** Pointer sentences ("licensed under the MIT License", "dual licensed under A or B"). */
import { findNamedLicenses } from './names';
import { tokenize } from './normalize';
import { POINTER_CONFIDENCE, UNBUNDLED_CONFIDENCE, type Paragraph, type Part } from './parts';
import type { TemplateIndex } from './template-index';

/** Phrases that make a sentence say which license applies (a name before them is history). */
const LICENSING_VERBS = [
  'licensed under', 'licenced under', 'license under', 'licensed pursuant', 'available under', 'subject to',
  'governed by', 'covered by', 'released under', 'distributed under', 'dual licensed', 'dual license',
  'under the terms of', 'under your choice', 'choice of', 'defaults to', 'default license', 'license for this project is',
  'licensed as', 'under the', 'terms of', 'licensed using', 'licensed with', 'use it under',
  // "At your option you may choose either of the following licenses:" (atob, many npm packages).
  'choose either', 'choose one of', 'following licenses',
].map((v) => v.split(' '));

function firstVerbPosition(tokens: string[]): number {
  let best = -1;
  for (const verb of LICENSING_VERBS) {
    for (let i = 0; i + verb.length <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < verb.length && ok; k++) ok = tokens[i + k] === verb[k];
      if (ok) {
        if (best < 0 || i < best) best = i;
        break;
      }
    }
  }
  return best;
}

const CHOICE_WORDS = /\b(?:dual|either|choice|option|choose|alternatively|elect)\b/;
const SPLIT_WORDS = /\b(?:variously|various|except|portions?|parts?|certain|outside|within|inside)\b/;
/** A choice between licenses, not GPL's "either version 2 of the License, or …". */
const OPEN_CHOICE = /\b(?:dual|choose|choice|alternatively|either(?! version))\b/;
const EXCLUSION_CUES = /\b(?:does not apply|do not apply|outside of|not covered)\b/;

/** Licenses a paragraph points to, as one group with its operator. */
export function pointerGroup(index: TemplateIndex, paragraph: Paragraph, withTemplates: boolean, notes: Set<string>): Part | null {
  const tokens = tokenize(paragraph.text, { keepCopyright: true }).tokens;
  const joined = ` ${tokens.join(' ')} `;
  if (withTemplates && EXCLUSION_CUES.test(joined)) return null;
  const verbAt = firstVerbPosition(tokens);
  if (verbAt < 0) return null;
  const named = findNamedLicenses(index, tokens).filter((n) => n.position > verbAt);
  if (named.length === 0) return null;
  const ids: string[] = [];
  for (const n of named) {
    if (!ids.includes(n.id)) ids.push(n.id);
    if (n.assumedOnly) notes.add(`${n.id}: the text names the license without "only" or "or later"; -only assumed`);
  }
  let op: 'AND' | 'OR' = 'AND';
  if (ids.length > 1) {
    if (CHOICE_WORDS.test(joined)) op = 'OR';
    else if (!SPLIT_WORDS.test(joined)) {
      // The first connector between the first two names decides ("A or B" vs "A and B").
      const between = tokens.slice(named[0].position, named[1].position);
      const or = between.indexOf('or');
      const and = between.indexOf('and');
      if (or >= 0 && (and < 0 || or < and)) op = 'OR';
    }
  }
  const unbundled = ids.some((id) => id.startsWith('LicenseRef-') && !index.entries.some((e) => e.id === id));
  const confidence = unbundled ? UNBUNDLED_CONFIDENCE : POINTER_CONFIDENCE;
  return {
    kind: 'pointer',
    ids,
    op,
    ...(ids.length === 1 && OPEN_CHOICE.test(joined) ? { openChoice: true } : {}),
    line: paragraph.startLine,
    match: ids.map((id) => ({ id, confidence, startLine: paragraph.startLine, endLine: paragraph.endLine })),
  };
}
