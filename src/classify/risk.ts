/**
 * How much a set of terms hurts under a profile — used to pick the option of an `OR` expression.
 *
 * Score = sum of the weights of the option's traits for the profile, plus 100 when the category
 * is `unknown` (unidentified terms are treated as the worst case). Lower is safer. Ties go to
 * the less restrictive category (CATEGORY_ORDER), then to the alphabetically first expression,
 * so the choice is deterministic.
 *
 * Why these weights (0 = irrelevant, 100 = blocks the business model):
 * - network clauses (SSPL §13, AGPL §13, managed-service bans) bite when you run it for others
 *   (`saas`), much less when you ship it or use it internally; SSPL §13 weighs at least as much
 *   as AGPL §13 everywhere because it reaches the whole service stack, not just the program;
 * - copyleft-on-distribution and file-level copyleft bite when you ship (`distributed`,
 *   `library`), not when you only run it;
 * - non-commercial, internal-use and sale bans bite any commercial user, except that
 *   internal-use-only and no-sale are harmless under `internal`;
 * - production limits (BSL without a grant) bite every profile that runs it in production;
 * - proprietary terms need a contract whatever the profile (so, for a commercial user, a
 *   noncommercial option and a paid one tie, and the tie goes to the lighter category);
 * - converts-later and attribution barely matter for the choice.
 * With `commercial: false`, commercial-only bans (no-sale, noncommercial-only, size-limited)
 * weigh little.
 */
import type { Category, Distribution, Profile, Trait, TraitInstance } from '../types';
import { CATEGORY_ORDER } from '../types';

type Weights = Record<Distribution, number>;

const TRAIT_WEIGHTS: Record<Trait, Weights> = {
  'service-source-disclosure': { saas: 90, distributed: 45, library: 45, internal: 10 },
  'network-copyleft': { saas: 70, distributed: 40, library: 40, internal: 5 },
  'no-managed-service': { saas: 90, distributed: 40, library: 40, internal: 10 },
  'no-competing-use': { saas: 70, distributed: 60, library: 60, internal: 20 },
  'no-sale': { saas: 80, distributed: 80, library: 70, internal: 15 },
  'noncommercial-only': { saas: 100, distributed: 100, library: 100, internal: 100 },
  'internal-use-only': { saas: 95, distributed: 95, library: 95, internal: 10 },
  'production-use-limited': { saas: 85, distributed: 85, library: 85, internal: 70 },
  'size-limited': { saas: 50, distributed: 50, library: 50, internal: 40 },
  'license-key-protected': { saas: 20, distributed: 20, library: 20, internal: 15 },
  'converts-later': { saas: 0, distributed: 0, library: 0, internal: 0 },
  'copyleft-on-distribution': { saas: 10, distributed: 55, library: 55, internal: 0 },
  'file-level-copyleft': { saas: 5, distributed: 20, library: 25, internal: 0 },
  proprietary: { saas: 100, distributed: 100, library: 100, internal: 100 },
  attribution: { saas: 1, distributed: 1, library: 1, internal: 1 },
  // AI model licenses: duties more than bans, except a territory carve-out.
  'user-cap': { saas: 5, distributed: 5, library: 5, internal: 5 },
  'use-policy': { saas: 3, distributed: 3, library: 3, internal: 2 },
  'display-attribution': { saas: 2, distributed: 2, library: 2, internal: 0 },
  'derivative-naming': { saas: 1, distributed: 1, library: 1, internal: 0 },
  'no-training-other-models': { saas: 5, distributed: 5, library: 5, internal: 5 },
  'territory-restricted': { saas: 20, distributed: 20, library: 20, internal: 20 },
  // Facebook's PATENTS grant: ends if you assert any patent against the licensor.
  'patent-termination': { saas: 8, distributed: 10, library: 10, internal: 3 },
};

/** Traits that only matter to a user who makes money with the software. */
const COMMERCIAL_ONLY: ReadonlySet<Trait> = new Set<Trait>(['no-sale', 'noncommercial-only', 'size-limited']);
const NONCOMMERCIAL_WEIGHT = 5;

export function traitWeight(trait: Trait, profile: Profile): number {
  if (!profile.commercial && COMMERCIAL_ONLY.has(trait)) return NONCOMMERCIAL_WEIGHT;
  return TRAIT_WEIGHTS[trait]?.[profile.distribution] ?? 0;
}

export function riskScore(category: Category, traits: readonly TraitInstance[], profile: Profile): number {
  const seen = new Set<string>();
  let score = category === 'unknown' ? 100 : 0;
  for (const t of traits) {
    // A trait counts once per license, however many clauses cite it.
    const key = `${t.trait}\u0000${t.license}`;
    if (seen.has(key)) continue;
    seen.add(key);
    score += traitWeight(t.trait, profile);
  }
  return score;
}

export interface RiskOption {
  category: Category;
  traits: readonly TraitInstance[];
  expression: string;
}

/** Negative when `a` is the safer choice for the profile. */
export function compareRisk(a: RiskOption, b: RiskOption, profile: Profile): number {
  const byScore = riskScore(a.category, a.traits, profile) - riskScore(b.category, b.traits, profile);
  if (byScore !== 0) return byScore;
  const byCategory = CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category);
  if (byCategory !== 0) return byCategory;
  return a.expression < b.expression ? -1 : a.expression > b.expression ? 1 : 0;
}
