/**
 * A tiny ESLint-RuleTester-style harness for license-risk rules: each case builds a
 * ProjectModel from a few components, runs the rule through `evaluate` (so severity
 * resolution, dev-only capping and message filling are exercised too) and compares
 * messageIds, severities, components and locations. A case with `run` runs the rule's report
 * phase instead (`evaluateReport`, with the baseline or diff base it gives). Each case's
 * `options` are first checked against the rule's `meta.schema` exactly as the config loader
 * checks them (a rule without a schema takes none): invalid options fail the test.
 */
import type {
  ClassifiedLicense,
  Category,
  Component,
  Config,
  Distribution,
  Finding,
  LicenseInfo,
  OwnLicense,
  Profile,
  ProjectFacts,
  Report,
  ReportComponent,
  RuleBaseline,
  RuleDiffBase,
  ProjectManifest,
  ProjectModel,
  Rule,
  RuleSetting,
  Scope,
  Severity,
  Trait,
  TraitInstance,
} from '../../src/types';
import { evaluate, evaluateReport } from '../../src/evaluate';
import { ruleOptionProblems } from '../../src/evaluate/validate';
import { classify } from '../../src/classify';
import { setLicenseLookupForTesting } from '../../src/evaluate/license-kb';

export const TODAY = '2026-06-01';

export function profile(distribution: Distribution, commercial = true): Profile {
  return { distribution, commercial, origin: 'config', reasons: ['test'] };
}

export function trait(t: Trait, license: string, clause = `${license} ${t} clause`): TraitInstance {
  return { trait: t, license, clause };
}

export interface ComponentSpec {
  name: string;
  version?: string;
  scope?: Scope;
  direct?: boolean;
  requested?: string;
  ecosystem?: Component['ecosystem'];
  line?: number;
  file?: string;
  /** Shorthand for license: expression + category + traits. */
  expression?: string | null;
  category?: Category;
  traits?: TraitInstance[];
  license?: Partial<ClassifiedLicense> | null;
  evidence?: Component['evidence'];
  paths?: string[][];
}

export function component(spec: ComponentSpec): Component {
  const version = spec.version ?? '1.0.0';
  const ecosystem = spec.ecosystem ?? 'npm';
  const expression = spec.expression === undefined ? 'MIT' : spec.expression;
  const license: ClassifiedLicense | undefined =
    spec.license === null
      ? undefined
      : {
          expression,
          confidence: 1,
          source: 'declared',
          notes: [],
          category: spec.category ?? (expression === null ? 'unknown' : 'permissive'),
          traits: spec.traits ?? [],
          ...(spec.license ?? {}),
        };
  return {
    id: `${ecosystem}:${spec.name}@${version}`,
    ecosystem,
    name: spec.name,
    version,
    purl: `pkg:${ecosystem}/${spec.name.replace('@', '%40')}@${version}`,
    scope: spec.scope ?? 'prod',
    direct: spec.direct ?? true,
    paths: spec.paths ?? [['app@1.0.0', `${spec.name}@${version}`]],
    requested: spec.requested,
    evidence: spec.evidence ?? (expression ? [{ kind: 'declared', value: expression, field: 'license' }] : []),
    location: { file: spec.file ?? 'package.json', line: spec.line ?? 10, column: 5 },
    license,
  };
}

/** The component as the pipeline classifies it on `today` (a BSL past its Change Date becomes its Change License). */
export function classifiedOn(c: Component, today = TODAY): Component {
  const { category: _category, traits: _traits, ...identified } = c.license!;
  return { ...c, license: classify(identified, profile('saas'), { today }) };
}

export function project(spec: Omit<Partial<ProjectManifest>, 'facts'> & { declared?: string; facts?: Partial<ProjectFacts> } = {}): ProjectManifest {
  const { declared, facts, ...rest } = spec;
  return {
    ecosystem: 'npm',
    file: 'package.json',
    name: 'app',
    version: '1.0.0',
    private: true,
    evidence: declared ? [{ kind: 'declared', value: declared, field: 'license' }] : [],
    location: { file: 'package.json', line: 1, column: 1 },
    ...rest,
    facts: { serverFrameworks: [], ...facts },
  };
}

export function ownLicense(file: string, expression: string | null, extra: Partial<ClassifiedLicense> & { parameters?: Record<string, string> } = {}): OwnLicense {
  const { parameters, ...classified } = extra;
  return {
    file,
    identification: { expression, confidence: 1, matches: expression ? [{ id: expression, confidence: 1, startLine: 1, endLine: 20 }] : [], notes: [], parameters },
    classified: { expression, confidence: 1, source: 'file', notes: [], category: 'permissive', traits: [], parameters, ...classified },
  };
}

export function model(spec: { profile?: Profile; components?: Component[]; projects?: ProjectManifest[]; ownLicenses?: OwnLicense[]; ownLicense?: ClassifiedLicense; licenseFiles?: string[]; all?: string[]; readme?: ProjectModel['readme']; today?: string }): ProjectModel {
  return {
    root: '/checkout',
    profile: spec.profile ?? profile('saas'),
    projects: spec.projects ?? [project()],
    ownLicenses: spec.ownLicenses ?? [],
    ownLicense: spec.ownLicense,
    components: spec.components ?? [],
    files: { root: '/checkout', licenseFiles: spec.licenseFiles ?? [], manifests: ['package.json'], lockfiles: [], installedTrees: [], all: spec.all ?? [] },
    readme: spec.readme,
    today: spec.today ?? TODAY,
  };
}

/** The report phase's inputs: the finished report's parts and the run's extra context. */
export interface ReportPhaseInput {
  components?: ReportComponent[];
  findings?: Finding[];
  baseline?: RuleBaseline;
  base?: RuleDiffBase;
}

export interface RuleCase {
  name: string;
  /** Run the rule's report phase (`checkReport`) over these instead of its project phase. */
  run?: ReportPhaseInput;
  profile?: Profile;
  components?: Component[];
  model?: Parameters<typeof model>[0];
  options?: Record<string, unknown>;
  /** Configured severity; default: the rule's default for the profile. */
  setting?: RuleSetting;
  /** The rest of the config, for rules that read `ctx.settings` (exceptions, licenses). */
  config?: Omit<Config, 'rules'>;
}

export interface ExpectedError {
  messageId: string;
  severity?: Severity;
  component?: string;
  file?: string;
  line?: number;
  column?: number;
  /** Subset of finding.data that must match. */
  data?: Record<string, string>;
  /** Substrings the message must contain. */
  messageIncludes?: string[];
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedError[];
}

/** The case's config: its severity and options for the rule, after checking the options against the rule's schema. */
function caseConfig(rule: Rule, c: RuleCase, distribution: Distribution): Config {
  const config: Config = { ...(c.config ?? {}) };
  if (c.options !== undefined) {
    const problems = ruleOptionProblems(rule.meta, c.options, `rules.${rule.meta.id}[1]`);
    if (problems.length) throw new Error(`case "${c.name}": options do not match the rule's schema: ${problems.join('; ')}`);
  }
  if (c.options || c.setting) {
    const setting = c.setting ?? rule.meta.defaultSeverity[distribution];
    config.rules = { [rule.meta.id]: c.options ? [setting, c.options] : setting };
  }
  return config;
}

export function runCase(rule: Rule, c: RuleCase): Finding[] {
  const base = c.model ?? {};
  const m = model({ ...base, profile: c.profile ?? base.profile, components: c.components ?? base.components });
  const config = caseConfig(rule, c, m.profile.distribution);
  if (c.run) {
    const report = reportOf(m.profile, c.run.components ?? [], c.run.findings ?? []);
    return evaluateReport(report, config, { today: m.today, baseline: c.run.baseline, base: c.run.base, rules: { [rule.meta.id]: rule } });
  }
  return evaluate(m, config, { rules: { [rule.meta.id]: rule } });
}

/** A minimal report around components and findings, for report-phase rules. */
export function reportOf(p: Profile, components: ReportComponent[], findings: Finding[]): Report {
  return {
    tool: { name: 'license-risk', version: '0.0.0-test' },
    root: '.',
    profile: p,
    components,
    findings,
    diagnostics: [],
    summary: { components: components.length, errors: 0, warnings: 0, infos: 0, suppressed: 0 } as unknown as Report['summary'],
  };
}

/** A report component (the JSON report's shape) for report-phase cases. */
export function reportComponent(spec: ComponentSpec): ReportComponent {
  const c = component(spec);
  return {
    id: c.id,
    ecosystem: c.ecosystem,
    name: c.name,
    version: c.version,
    purl: c.purl,
    scope: c.scope,
    direct: c.direct,
    paths: c.paths,
    location: c.location,
    evidence: { source: 'installed' },
    license: {
      expression: c.license?.expression ?? null,
      category: c.license?.category ?? 'unknown',
      confidence: c.license?.confidence ?? 0,
      source: c.license?.source ?? 'none',
      traits: (c.license?.traits ?? []).map((t) => t.trait),
      notes: [],
    },
  };
}

/** Registers one jest test per case. Valid cases must produce no findings at all. */
export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      test.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const findings = runCase(rule, c);
        expect(findings.map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
      });
    });
    describe('invalid', () => {
      test.each(cases.invalid.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        const findings = runCase(rule, c);
        expect(findings).toHaveLength(c.errors.length);
        c.errors.forEach((expected, i) => {
          const f = findings[i];
          expect(f.ruleId).toBe(rule.meta.id);
          expect(f.messageId).toBe(expected.messageId);
          if (expected.severity) expect(f.severity).toBe(expected.severity);
          if (expected.component) expect(f.component).toBe(expected.component);
          if (expected.file) expect(f.location.file).toBe(expected.file);
          if (expected.line !== undefined) expect(f.location.line).toBe(expected.line);
          if (expected.column !== undefined) expect(f.location.column).toBe(expected.column);
          if (expected.data) expect(f.data).toMatchObject(expected.data);
          for (const s of expected.messageIncludes ?? []) expect(f.message).toContain(s);
          // Every placeholder must have been filled.
          expect(f.message).not.toMatch(/\{\{/);
          expect(rule.meta.messages[f.messageId]).toBeDefined();
        });
      });
    });
  });
}

/** A fixed, small license knowledge base so rule tests do not depend on the classify stage. */
const TEST_KB: Record<string, Pick<LicenseInfo, 'category' | 'osiApproved' | 'fsfLibre'>> = {
  MIT: { category: 'permissive', osiApproved: true, fsfLibre: true },
  'Apache-2.0': { category: 'permissive', osiApproved: true, fsfLibre: true },
  'BSD-3-Clause': { category: 'permissive', osiApproved: true, fsfLibre: true },
  ISC: { category: 'permissive', osiApproved: true, fsfLibre: true },
  'MPL-2.0': { category: 'weak-copyleft', osiApproved: true, fsfLibre: true },
  'GPL-2.0-only': { category: 'strong-copyleft', osiApproved: true, fsfLibre: true },
  'GPL-2.0-or-later': { category: 'strong-copyleft', osiApproved: true, fsfLibre: true },
  'GPL-3.0-only': { category: 'strong-copyleft', osiApproved: true, fsfLibre: true },
  'AGPL-3.0-only': { category: 'network-copyleft', osiApproved: true, fsfLibre: true },
  'SSPL-1.0': { category: 'source-available', osiApproved: false, fsfLibre: false },
  'BUSL-1.1': { category: 'source-available', osiApproved: false, fsfLibre: false },
  'Elastic-2.0': { category: 'source-available', osiApproved: false, fsfLibre: false },
  'SUL-1.0': { category: 'source-available', osiApproved: false, fsfLibre: false },
  'LicenseRef-scancode-commons-clause': { category: 'source-available', osiApproved: false, fsfLibre: false },
  'CC-BY-NC-4.0': { category: 'noncommercial', osiApproved: false, fsfLibre: false },
};

export function useTestKnowledgeBase(): void {
  beforeAll(() =>
    setLicenseLookupForTesting((id) => {
      const entry = TEST_KB[id];
      return entry ? { id, name: id, traits: [], deprecated: false, sources: ['test'], ...entry } : undefined;
    }),
  );
  afterAll(() => setLicenseLookupForTesting(null));
}

export const ALL_PROFILES: Distribution[] = ['saas', 'distributed', 'library', 'internal'];
