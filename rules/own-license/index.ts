import type { Category, OwnLicense, ProjectManifest, RuleContext, SourceLocation } from '../../src/types';
import type { RiskRule } from '../../src/evaluate/rule-types';
import { alternatives, comparableId, licenseIdFromPhrase, licenseIds, yearsFromPhrase } from '../../src/evaluate/expression';
import { normalizeWhitespace, parseExpression } from '../../src/classify/expression';
import { licenseInfo } from '../../src/evaluate/license-kb';
import { isGpl2OrLaterCompatible } from '../../src/evaluate/compatibility';
import { serverEvidence } from '../../src/evaluate/profile';
import { lowerSeverity } from '../../src/evaluate/rule-helpers';
import { isGlobScope } from '../../src/identify/scopes';
import { addYears, isIsoDate } from '../../src/util/date';

const OPEN_CATEGORIES: Category[] = ['public-domain', 'permissive', 'weak-copyleft', 'strong-copyleft', 'network-copyleft'];
/** Scope categories that make a project open core: the folder is not open source. */
const CLOSED_CATEGORIES: Category[] = ['source-available', 'noncommercial', 'proprietary'];
const BSL_FIELDS: [keyof BslParams, string][] = [
  ['licensor', 'Licensor'],
  ['licensedWork', 'Licensed Work'],
  ['changeDate', 'Change Date'],
  ['changeLicense', 'Change License'],
];
type BslParams = { licensor?: string; licensedWork?: string; changeDate?: string; changeLicense?: string; additionalUseGrant?: string };

/** BSL 1.1 requires the Change Date to be no later than the fourth anniversary of first publication. */
const MAX_CHANGE_YEARS = 4;

/** "open source", "open-source", "opensource", "FOSS", "OSS" as words. */
const OPEN_SOURCE_CLAIM = /\bopen[\s-]?source\b|\bfoss\b|\boss\b/i;

/**
 * A README mentions open source in many ways ("built with open-source tools"); only a claim
 * about the project itself counts: "X is open source", "an open-source database", "100% open source".
 */
const README_SELF_CLAIM = /\b(?:is|are|an?|fully|100\s?%|truly|completely|free and)\s+open[\s-]?source\b/i;

function findSelfClaim(text: string): { claim: string; line: number; column: number } | null {
  const m = README_SELF_CLAIM.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index);
  const line = before.split('\n').length;
  const column = m.index - before.lastIndexOf('\n');
  return { claim: m[0].replace(/\s+/g, ' '), line, column };
}

function declaredOf(project: ProjectManifest): string | null {
  for (const e of project.evidence ?? []) {
    if (e.kind === 'declared' && typeof e.value === 'string' && parseExpression(e.value).ok) return normalizeWhitespace(e.value);
  }
  return null;
}

/** Where a finding about a license file points: its first identified match, or line 1. */
function fileLocation(entry: OwnLicense, atTop = false): SourceLocation {
  if (atTop) return { file: entry.file, line: 1, column: 1 };
  const line = entry.identification.matches?.[0]?.startLine;
  return { file: entry.file, line: typeof line === 'number' && line > 0 ? line : 1, column: 1 };
}

function dirOf(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '' : file.slice(0, i);
}

/** License files in the manifest's folder, else those at the root. */
function licenseFilesFor(entries: OwnLicense[], manifest: string): OwnLicense[] {
  const own = entries.filter((e) => dirOf(e.file) === dirOf(manifest) || dirOf(e.file).startsWith(`${dirOf(manifest) ? `${dirOf(manifest)}/` : ''}licenses`));
  return own.length ? own : entries.filter((e) => dirOf(e.file) === '' || /^licen[cs]es$/i.test(dirOf(e.file)));
}

function expressionOf(entry: OwnLicense): string | null {
  return entry.classified?.expression ?? entry.identification.expression ?? null;
}

/** Whether the expression can be used under an OSI-approved license (some alternative fully approved). */
function isOsiApproved(expression: string, category: Category | undefined): boolean | null {
  const alts = alternatives(expression);
  if (!alts.length) return null;
  let known = true;
  for (const alt of alts) {
    const infos = alt.map((t) => licenseInfo(t.id));
    if (infos.every((i) => i?.osiApproved === true)) return true;
    if (infos.some((i) => !i)) known = false;
  }
  if (known) return false;
  // Without knowledge-base entries, fall back to the category.
  return category ? OPEN_CATEGORIES.includes(category) : null;
}

export const rule: RiskRule = {
  meta: {
    id: 'own-license',
    docs: {
      description: "The project's own licensing: a missing LICENSE, a manifest that disagrees with it, an incomplete BSL, an \"open source\" claim under a non-OSI license, and permissive server projects that a cloud provider could resell.",
      url: 'rules/own-license/README.md',
    },
    defaultSeverity: { saas: 'warn', distributed: 'warn', library: 'error', internal: 'warn' },
    messages: {
      missingLicenseFile:
        '{{project}} is published but has no LICENSE file{{declaredNote}}. Without the text, users have no grant to rely on and many registries and scanners treat the package as proprietary. Fix: add a LICENSE file with the full text of the license you declare.',
      manifestMismatch:
        '{{project}} declares {{declared}} in {{manifest}}, but {{file}} reads {{fileExpression}} ({{difference}}). Users and scanners read both; the text is what grants rights. Fix: make the declaration and the LICENSE text say the same thing.',
      bslMissingParameters:
        '{{file}} is a Business Source License without {{missing}}. The BSL is incomplete without its parameters; users cannot tell what they may do or when it converts. Fix: fill in the Licensor, Licensed Work, Change Date and Change License (and any Additional Use Grant).',
      bslChangeDateTooFar:
        '{{file}} sets the Change Date to {{changeDate}}, more than {{maxYears}} years after {{reference}}. BSL 1.1 requires the change to the Change License no later than the fourth anniversary of first publication. Fix: use a Change Date within four years (e.g. "Four years from the date the Licensed Work is published").',
      bslChangeLicenseIncompatible:
        '{{file}} names {{changeLicense}} as the Change License{{mappedNote}}, which is not compatible with GPL version 2.0 or later, as BSL 1.1 requires ({{source}}). Fix: pick a GPL-2.0-or-later compatible Change License such as Apache-2.0, MPL-2.0 or GPL-2.0-or-later.',
      calledOpenSource:
        '{{project}} calls itself "{{claim}}" in its {{where}}, but its license {{license}} is not OSI-approved open source. Users and directories will take the claim at face value. Fix: describe it as "source-available" (or name the license), or relicense under an OSI-approved license.',
      openCoreScope:
        '{{project}} is open core: {{scope}} {{is}} under {{scopeLicense}} ({{scopeCategory}}), the rest under {{license}}. For you, the owner, this is a deliberate business model: keep paid features inside {{scope}} and make sure contributions to it are yours to license. For anyone who forks, ships or hosts the project: only the code outside {{scope}} is theirs to use under {{license}}; running or selling {{scope}} needs your terms ({{traits}}). Evidence: {{evidence}}.',
      otherTermsScope:
        '{{scope}} {{is}} under {{scopeLicense}} ({{scopeCategory}}), not the {{license}} of the rest of {{project}}. Anyone who reuses code from it must follow {{scopeLicense}}, and a NOTICE or README should say which folders are under which terms. Evidence: {{evidence}}.',
      resellableAsService:
        '{{project}} is a server project under {{license}} ({{category}}), which lets anyone, including cloud providers, offer it as a managed service without contributing back. This is allowed by design; if it matters to your business, consider a network copyleft (AGPL-3.0) or a source-available license for future versions. Evidence: {{evidence}}.',
    },
    shortMessages: {
      missingLicenseFile: 'published without a LICENSE file{{declaredNote}}',
      manifestMismatch: '{{manifest}} declares {{declared}} but {{file}} reads {{fileExpression}}',
      bslMissingParameters: '{{file}}: Business Source License without {{missing}}',
      bslChangeDateTooFar: '{{file}}: BSL Change Date {{changeDate}} is over {{maxYears}} years away',
      bslChangeLicenseIncompatible: '{{file}}: BSL Change License {{changeLicense}} is not GPL-2.0+ compatible',
      calledOpenSource: 'calls itself "{{claim}}" but {{license}} is not OSI-approved',
      resellableAsService: '{{license}} lets anyone offer this server project as a managed service',
      openCoreScope: 'open core: {{scope}} {{is}} {{scopeCategory}} ({{scopeLicense}})',
      otherTermsScope: '{{scope}} {{is}} under other terms: {{scopeLicense}}',
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        checkResale: { type: 'boolean', description: 'Report the info note about permissive server projects.' },
      },
    },
    defaultOptions: { checkResale: true },
  },
  check(ctx: RuleContext): void {
    const { project } = ctx;
    // The project is named by its root manifest, never by a workspace's (an ee/package.json sorts first).
    const root = project.projects.find((p) => !p.file.includes('/')) ?? project.projects[0];
    const rootLocation: SourceLocation = root?.location ?? { file: 'package.json', line: 1, column: 1 };
    const published = project.projects.filter((p) => !p.private && p.facts?.private !== true);

    // 1. No license file for a published project.
    if (project.ownLicenses.length === 0 && (project.files.licenseFiles ?? []).length === 0) {
      for (const p of published) {
        const declared = declaredOf(p);
        ctx.report({
          messageId: 'missingLicenseFile',
          data: { project: p.name || p.file, manifest: p.file, declared: declared ?? '', declaredNote: declared ? ` (it declares ${declared})` : '' },
          location: p.location,
        });
      }
    }

    // 2. Manifest declaration vs license texts: each manifest against the license files in its
    // own folder (a workspace member may have its own), else the root's.
    const firstFile = project.ownLicenses.find((e) => expressionOf(e));
    for (const p of project.projects) {
      const declared = declaredOf(p);
      if (!declared) continue;
      const texts = licenseFilesFor(project.ownLicenses, p.file).filter((e) => expressionOf(e));
      if (!texts.length) continue;
      // A member whose declaration makes it a scope of its own (no license file in its folder) is reported as that scope, below.
      const memberDir = p.file.includes('/') ? `${p.file.slice(0, p.file.lastIndexOf('/'))}/` : undefined;
      if (memberDir && texts.every((e) => !e.file.startsWith(memberDir)) && (project.ownLicenseScopes ?? []).some((s) => s.path === memberDir && s.files.length === 0)) continue;
      const fileIds = [...new Set(texts.flatMap((e) => licenseIds(expressionOf(e))))].sort();
      const declaredIds = new Set(licenseIds(declared).map(comparableId));
      const fileComparable = new Set(fileIds.map(comparableId));
      const hidden = fileIds.filter((id) => !declaredIds.has(comparableId(id)));
      const missing = licenseIds(declared).filter((id) => !fileComparable.has(comparableId(id)));
      if (!hidden.length && !missing.length) continue;
      const difference = [hidden.length ? `the text adds ${hidden.join(', ')}` : '', missing.length ? `no text for ${missing.join(', ')}` : ''].filter(Boolean).join('; ');
      ctx.report({
        messageId: 'manifestMismatch',
        data: {
          project: p.name || p.file,
          manifest: p.file,
          declared,
          file: texts.map((e) => e.file).join(', '),
          fileExpression: texts.map(expressionOf).join(' + '),
          difference,
        },
        location: p.location,
        severity: hidden.length ? ctx.severity : lowerSeverity(ctx.severity),
      });
    }

    // 3. Business Source License parameters.
    for (const entry of project.ownLicenses) checkBsl(ctx, entry);

    // 4. "Open source" claims under a non-OSI license.
    const ownExpression = project.ownLicense?.expression ?? (firstFile ? expressionOf(firstFile) : null);
    const ownCategory = project.ownLicense?.category ?? firstFile?.classified?.category;
    if (ownExpression) {
      const osi = isOsiApproved(ownExpression, ownCategory);
      if (osi === false) {
        for (const p of project.projects) {
          const where: string[] = [];
          let claim = '';
          const d = typeof p.description === 'string' ? p.description.match(OPEN_SOURCE_CLAIM) : null;
          if (d) { where.push('description'); claim = d[0]; }
          const k = (Array.isArray(p.keywords) ? p.keywords : []).find((kw) => typeof kw === 'string' && OPEN_SOURCE_CLAIM.test(kw));
          if (k) { where.push('keywords'); claim ||= k; }
          if (!where.length) continue;
          ctx.report({ messageId: 'calledOpenSource', data: { project: p.name || p.file, claim, where: `${p.file} ${where.join(' and ')}`, license: ownExpression }, location: p.location });
        }
        const readmeClaim = project.readme ? findSelfClaim(project.readme.text) : null;
        if (readmeClaim && project.readme) {
          ctx.report({
            messageId: 'calledOpenSource',
            data: { project: root?.name || 'This project', claim: readmeClaim.claim, where: project.readme.file, license: ownExpression },
            location: { file: project.readme.file, line: readmeClaim.line, column: readmeClaim.column },
          });
        }
      }
    }

    // 5. Folders under other terms (open core).
    for (const scope of project.ownLicenseScopes ?? []) {
      const closed = CLOSED_CATEGORIES.includes(scope.category);
      const traits = [...new Set((scope.files.length ? project.ownLicenses.filter((e) => scope.files.includes(e.file)).flatMap((e) => e.classified?.traits ?? []) : []).map((t) => t.trait))].sort();
      ctx.report({
        messageId: closed ? 'openCoreScope' : 'otherTermsScope',
        data: {
          project: root?.name || 'This project',
          scope: scopeLabel(scope.path),
          // A folder "is", files matching a pattern "are".
          is: isGlobScope(scope.path) ? 'are' : 'is',
          scopeLicense: scope.expression ?? 'unidentified terms',
          scopeCategory: scope.category,
          license: ownExpression ?? 'its root license',
          traits: traits.length ? traits.join(', ') : scope.category,
          evidence: scope.evidence.join('; '),
        },
        location: scope.files[0] ? { file: scope.files[0], line: 1, column: 1 } : (declaredLocation(project.projects, scope.path) ?? (firstFile ? fileLocation(firstFile) : rootLocation)),
        severity: 'info',
      });
    }

    // 6. Permissive server projects can be resold as a managed service.
    if (ctx.options.checkResale !== false && ownExpression && (ownCategory === 'permissive' || ownCategory === 'public-domain')) {
      const evidence = serverEvidence(project.projects, project.files);
      if (evidence.length) {
        ctx.report({
          messageId: 'resellableAsService',
          data: {
            project: root?.name || 'This project',
            license: ownExpression,
            category: ownCategory,
            evidence: evidence.join('; '),
          },
          location: firstFile ? fileLocation(firstFile) : rootLocation,
          severity: 'info',
        });
      }
    }
  },
};

/**
 * How a scope reads in a message: a folder as is (`ee/`), a file pattern as the files it matches
 * (`files matching **\/*.ee.*`), a header statement as the marker (`files marked "@license Enterprise"`).
 */
function scopeLabel(scopePath: string): string {
  if (scopePath.startsWith('header:')) return `files marked "${scopePath.slice('header:'.length)}"`;
  return isGlobScope(scopePath) ? `files matching ${scopePath}` : scopePath;
}

/** A scope made by a member's declared license (no license file): the manifest's license field. */
function declaredLocation(projects: ProjectManifest[], scopePath: string): SourceLocation | undefined {
  const member = projects.find((p) => `${p.file.slice(0, p.file.lastIndexOf('/'))}/` === scopePath && p.file.includes('/'));
  const declared = member?.evidence.find((e) => e.kind === 'declared');
  return declared && declared.kind === 'declared' ? (declared.location ?? member?.location) : member?.location;
}

function checkBsl(ctx: RuleContext, entry: OwnLicense): void {
  const params: BslParams = { ...(entry.classified?.parameters ?? {}), ...(entry.identification.parameters ?? {}) };
  // BSL 0.9 (MariaDB MaxScale 2.0) names the Licensed Work "Software".
  const raw = { ...(entry.classified?.parameters ?? {}), ...(entry.identification.parameters ?? {}) };
  if (!params.licensedWork && raw.software) params.licensedWork = raw.software;
  const traits = entry.classified?.traits ?? [];
  const namesBslFields = BSL_FIELDS.some(([k]) => params[k]) || !!params.additionalUseGrant;
  // The FSL cites a "Change License" too but has no parameters, so only a Change Date counts.
  const citesChangeDate = traits.some((t) => t.trait === 'converts-later' && /change date/i.test(t.clause));
  if (!namesBslFields && !citesChangeDate) return;
  // The BSL parameter block opens the file; the template match usually starts later.
  const location = fileLocation(entry, true);
  const file = entry.file;

  const missing = BSL_FIELDS.filter(([k]) => !params[k] || !params[k].trim()).map(([, label]) => label);
  if (missing.length) ctx.report({ messageId: 'bslMissingParameters', data: { file, missing: missing.join(', ') }, location });

  const changeDate = params.changeDate?.trim();
  if (changeDate) {
    const today = ctx.project.today;
    if (isIsoDate(changeDate)) {
      if (changeDate > addYears(today, MAX_CHANGE_YEARS)) {
        ctx.report({ messageId: 'bslChangeDateTooFar', data: { file, changeDate, maxYears: String(MAX_CHANGE_YEARS), reference: `today (${today})` }, location });
      }
    } else {
      const years = yearsFromPhrase(changeDate);
      if (years !== null && years > MAX_CHANGE_YEARS) {
        ctx.report({ messageId: 'bslChangeDateTooFar', data: { file, changeDate: `"${changeDate}"`, maxYears: String(MAX_CHANGE_YEARS), reference: 'publication' }, location });
      }
    }
  }

  const changeLicense = params.changeLicense?.trim();
  if (changeLicense) {
    const id = licenseIdFromPhrase(changeLicense);
    if (id) {
      const ids = licenseIds(id);
      const verdicts = ids.map(isGpl2OrLaterCompatible);
      if (ids.length && verdicts.every((v) => v === 'no')) {
        ctx.report({
          messageId: 'bslChangeLicenseIncompatible',
          data: { file, changeLicense, mappedNote: id !== changeLicense ? ` (${id})` : '', source: 'https://mariadb.com/bsl11/' },
          location,
        });
      }
    }
  }
}
