import type { Category, ClassifiedLicense, IdentifiedLicense, Profile } from '../types';
import { CATEGORY_ORDER } from '../types';
import { classify, type ClassifyOptions } from './index';

/**
 * The declared field is what a package *says*; its license file is what it *ships*. When the
 * text is confidently identified and classifies stricter than the declaration (Apache-2.0
 * declared, Commons Clause rider in the file), the stricter text governs the risk.
 */
export function classifyPreferringStricterText(identified: IdentifiedLicense, profile: Profile, options: ClassifyOptions = {}): ClassifiedLicense {
  const classified = classify(identified, profile, options);
  if (identified.source !== 'declared' && identified.source !== 'lockfile') return classified;
  const fileExpression = identified.fileExpression;
  if (!fileExpression || fileExpression === identified.expression) return classified;
  const fileConfidence = Math.min(...(identified.files ?? []).filter((f) => f.expression).map((f) => f.confidence), 1);
  if (fileConfidence < 0.8) return classified;
  const fromText = classify({ ...identified, expression: fileExpression, source: 'file', confidence: fileConfidence }, profile, options);
  if (fromText.category === 'unknown' || !isStricter(fromText.category, classified.category)) return classified;
  return {
    ...fromText,
    notes: [
      ...classified.notes,
      `declared ${identified.expression ?? `"${identified.declared}"`} but the license file says ${fileExpression}; the stricter text is used`,
    ],
  };
}

function isStricter(a: Category, b: Category): boolean {
  if (b === 'unknown') return a !== 'unknown';
  return CATEGORY_ORDER.indexOf(a) > CATEGORY_ORDER.indexOf(b);
}
