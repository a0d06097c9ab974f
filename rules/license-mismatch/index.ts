import type { Component, RuleContext } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { matchesAnyPackage } from '../../src/evaluate/glob';
import { comparableId, licenseIds } from '../../src/evaluate/expression';
import { normalizeWhitespace, parseExpression } from '../../src/classify/expression';
import { licenseInfo } from '../../src/evaluate/license-kb';
import { ALLOW_OPTION_SCHEMA, allowList, componentData, reportComponent } from '../../src/evaluate/rule-helpers';

/** The license the package's metadata claims: the declared field or lockfile value, when valid SPDX. */
export function declaredExpression(component: Component): string | null {
  const license = component.license;
  if (license && (license.source === 'declared' || license.source === 'lockfile') && license.expression) return license.expression;
  for (const e of component.evidence) {
    if ((e.kind === 'declared' || e.kind === 'lockfile') && typeof e.value === 'string' && parseExpression(e.value).ok) return normalizeWhitespace(e.value);
  }
  if (license?.declared && parseExpression(license.declared).ok) return license.declared;
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
  const d = new Set(licenseIds(declared).map(comparableId));
  const f = licenseIds(found);
  const hidden = f.filter((id) => !d.has(comparableId(id)));
  const foundComparable = new Set(f.map(comparableId));
  const missing = licenseIds(declared).filter((id) => !foundComparable.has(comparableId(id)));
  if (hidden.length === 0 && missing.length === 0) return null;
  return { hidden, missing };
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
      bundledNotices:
        '{{package}}@{{version}} declares {{declared}}, while its license file {{file}} reads {{fileExpression}}: the extra {{hidden}} are permissive notices for bundled code. Keep their notices when you redistribute.',
      differentPermissive:
        '{{package}}@{{version}} declares {{declared}}, but its license file {{file}} reads {{fileExpression}}, a different license. Both are permissive, so the risk is small; keep the file\'s notice when you redistribute and ask upstream to fix the metadata.',
      declaredNotInFile:
        '{{package}}@{{version}} declares {{declared}}, but its license file {{file}} reads {{fileExpression}} and does not contain {{missing}}. Check which terms actually apply and add an override once reviewed.',
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
        data.hidden = diff.hidden.join(', ');
        // No declared license in the file at all: a different license, not extra notices.
        const overlaps = licenseIds(declared).length > diff.missing.length;
        if (allPermissive(diff.hidden) && !overlaps && allPermissive(licenseIds(declared))) reportComponent(ctx, component, 'differentPermissive', data, 'info');
        else if (allPermissive(diff.hidden) && overlaps) reportComponent(ctx, component, 'bundledNotices', data, 'info');
        else reportComponent(ctx, component, 'hiddenTerms', data);
      } else {
        data.missing = diff.missing.join(', ');
        // The file grants fewer options than declared (e.g. "MIT OR Apache-2.0" with only MIT text).
        reportComponent(ctx, component, 'declaredNotInFile', data, 'info');
      }
    }
  },
};
