import type { Component, RuleContext } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { comparableId, licenseIds } from '../../src/evaluate/expression';
import { normalizeWhitespace, parseExpression } from '../../src/classify/expression';
import { licenseInfo } from '../../src/evaluate/license-kb';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, reportComponent } from '../../src/evaluate/rule-helpers';

/** `LicenseRef-LICENSE` names the package's license file (as SEE LICENSE IN does), not a license. */
const FILE_REFERENCE = /^LicenseRef-(?:LICEN[CS]E|COPYING|EULA)(?:[.-][\w.-]+)?$/i;

/** The license the package's metadata claims: the declared field or lockfile value, when valid SPDX. */
export function declaredExpression(component: Component): string | null {
  const license = component.license;
  // A converted BSL/FSL is classified as its Change License; what the metadata claims is the declared value.
  const converted = license?.conversion?.state === 'converted';
  if (license && !converted && (license.source === 'declared' || license.source === 'lockfile') && license.expression) return license.expression;
  for (const e of component.evidence) {
    if ((e.kind === 'declared' || e.kind === 'lockfile') && typeof e.value === 'string' && !FILE_REFERENCE.test(e.value.trim()) && parseExpression(e.value).ok) return normalizeWhitespace(e.value);
  }
  if (license?.declared && !FILE_REFERENCE.test(license.declared.trim()) && parseExpression(license.declared).ok) return license.declared;
  return null;
}

export interface Disagreement {
  /** Ids in the file but not in the declaration (terms the declaration hides). */
  hidden: string[];
  /** Ids declared but absent from the file. */
  missing: string[];
}

/**
 * Compares two expressions by the licenses they mention, ignoring `-only`/`-or-later` (a
 * license text cannot tell them apart). Null when they agree.
 */
export function compareExpressions(declared: string, found: string): Disagreement | null {
  // Most packages' file reads exactly as declared ("MIT" and "MIT"): nothing to parse.
  if (declared === found) return null;
  const d = new Set(licenseIds(declared).map(comparableId));
  const f = licenseIds(found);
  const hidden = f.filter((id) => !d.has(comparableId(id)));
  const foundComparable = new Set(f.map(comparableId));
  const missing = licenseIds(declared).filter((id) => !foundComparable.has(comparableId(id)));
  if (hidden.length === 0 && missing.length === 0) return null;
  return { hidden, missing };
}

/**
 * Permissive licenses whose obligations are all among the declared ones' (MIT vs MIT-Wu or
 * MITNFA, BSD-2-Clause vs BSD-2-Clause-Views, a declared MIT with an MIT-0 file): the difference
 * changes nothing a reviewer must do, so it stays a fact in the JSON (`fileExpression`), not a finding.
 */
function sameObligations(declared: string[], found: string[]): boolean {
  const declaredTraits = new Set(declared.flatMap((id) => (licenseInfo(id)?.traits ?? []).map((t) => t.trait)));
  const traitsCovered = found.every((id) => (licenseInfo(id)?.traits ?? []).every((t) => declaredTraits.has(t.trait)));
  // Two names for "proprietary, no grant" (a declared "Commercial" read as LicenseRef-Proprietary,
  // the file's EULA as LicenseRef-Commercial: ag-grid-enterprise): the same answer, a licence from the vendor.
  if (allProprietary(declared) && allProprietary(found)) return traitsCovered;
  if (!allPermissive(declared) || !allPermissive(found)) return false;
  const families = new Set(declared.map(familyOf));
  if (!found.every((id) => families.has(familyOf(id)))) return false;
  return traitsCovered;
}

/** `MIT-Wu`, `MITNFA`, `MIT-0` → `MIT`; `BSD-2-Clause-Views` → `BSD-2-Clause`; `HPND-sell-variant` → `HPND`; `Python-2.0.1` → `Python`. */
function familyOf(id: string): string {
  const m = /^(?:MIT|BSD-\d-Clause|BSD|ISC|HPND|X11|Zlib|Apache-\d\.\d|curl|libpng|Python|PSF)/i.exec(id);
  return (m ? m[0] : id).toUpperCase();
}

function allProprietary(ids: string[]): boolean {
  return ids.length > 0 && ids.every((id) => licenseInfo(id)?.category === 'proprietary');
}

/** True when every id is known to be permissive or public domain (a bundled notice, not new terms). */
function allPermissive(ids: string[]): boolean {
  return ids.length > 0 && ids.every((id) => {
    const info = licenseInfo(id);
    return !!info && (info.category === 'permissive' || info.category === 'public-domain');
  });
}

export const rule: RiskRule = {
  meta: {
    id: 'license-mismatch',
    docs: {
      description: "A dependency's declared license and its license file disagree (Apache-2.0 declared with a Commons Clause file, MIT declared with Elastic text shipped).",
      url: 'rules/license-mismatch/README.md',
    },
    defaultSeverity: { saas: 'error', distributed: 'error', library: 'error', internal: 'warn' },
    messages: {
      hiddenTerms:
        '{{package}}@{{version}} declares {{declared}}, but its license file {{file}} reads {{fileExpression}}: the file adds {{hidden}}, terms the declaration does not show. Treat the file as binding (it is what grants the license), ask upstream to fix the metadata, and add an override with the real expression once reviewed.',
      differentPermissive:
        '{{package}}@{{version}} declares {{declared}}, but its license file {{file}} reads {{fileExpression}}, a different license. Both are permissive, so the risk is small; keep the file\'s notice when you redistribute and ask upstream to fix the metadata.',
      declaredNotInFile:
        '{{package}}@{{version}} declares {{declared}}, but its license file {{file}} reads {{fileExpression}} and does not contain {{missing}}. Check which terms actually apply and add an override once reviewed.',
    },
    shortMessages: {
      hiddenTerms: 'declares {{declared}} but its license file adds {{hidden}}',
      differentPermissive: 'declares {{declared}} but its license file reads {{fileExpression}}',
      declaredNotInFile: 'declares {{declared}} but its license file lacks {{missing}}',
    },
    schema: { type: 'object', additionalProperties: false, properties: { allow: ALLOW_OPTION_SCHEMA } },
    defaultOptions: { allow: [] },
  },
  check(ctx: RuleContext): void {
    const allow = allowList(ctx.options);
    for (const component of ctx.project.components) {
      if (matchesAnyPackage(allow, component.name)) continue;
      const license = component.license;
      if (!license || license.source === 'override' || !license.fileExpression) continue;
      const declared = declaredExpression(component);
      if (!declared || !parseExpression(license.fileExpression).ok) continue;
      const diff = compareExpressions(declared, license.fileExpression);
      if (!diff) continue;
      const data = componentData(component, ctx.profile, ctx.project.today);
      data.declared = declared;
      data.fileExpression = license.fileExpression;
      data.file = license.files?.find((f) => f.expression)?.file ?? 'the license file';
      if (diff.hidden.length) {
        if (sameObligations(licenseIds(declared), diff.hidden)) continue;
        data.hidden = diff.hidden.join(', ');
        // No declared license in the file at all: a different license, not extra notices.
        const overlaps = licenseIds(declared).length > diff.missing.length;
        if (allPermissive(diff.hidden) && !overlaps && allPermissive(licenseIds(declared))) reportComponent(ctx, component, 'differentPermissive', data, 'info');
        // Permissive notices of bundled code beside the declared license: they ship in the same
        // file (and in `license-risk notice`), so nobody has anything to do; the facts stay in the JSON.
        else if (allPermissive(diff.hidden) && overlaps) continue;
        else reportComponent(ctx, component, 'hiddenTerms', data);
      } else {
        // The file grants fewer options than declared ("MIT OR CC0-1.0" with only MIT text): it
        // matters only when the option judged for the profile is the one the file lacks.
        const chosen = licenseIds(license.chosen ?? license.expression ?? '').map(comparableId);
        const missing = new Set(diff.missing.map(comparableId));
        if (!chosen.some((id) => missing.has(id))) continue;
        data.missing = diff.missing.join(', ');
        reportComponent(ctx, component, 'declaredNotInFile', data, 'info');
      }
    }
  },
};
