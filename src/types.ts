/**
 * The shapes that cross pipeline stage boundaries. Every stage imports from here and nowhere
 * else for shared data, so a change to a contract is visible in one file.
 *
 * Paths inside the model are always relative to the scanned root, with `/` separators.
 * Lines and columns are 1-based.
 */
import type { DiagnosticCode } from './diagnostics/codes';

export type Ecosystem = 'npm' | 'pypi' | 'cargo' | 'golang' | 'maven' | 'composer' | 'gem' | 'nuget' | 'huggingface' | 'generic';

/** Ecosystems with a reader of their own; `generic` holds SBOM components of any other purl type (deb, apk, oci, …). */
export type ReaderEcosystem = Exclude<Ecosystem, 'generic'>;

/** How a dependency is used. `prod` is anything shipped/run in production. */
export type Scope = 'prod' | 'dev' | 'optional' | 'peer';

export type Category =
  | 'permissive'
  | 'public-domain'
  | 'weak-copyleft'
  | 'strong-copyleft'
  | 'network-copyleft'
  | 'source-available'
  | 'noncommercial'
  | 'proprietary'
  | 'unknown';

/** Ordered from least to most restrictive; used to pick the "most" or "least" risky part. */
export const CATEGORY_ORDER: readonly Category[] = [
  'public-domain',
  'permissive',
  'weak-copyleft',
  'strong-copyleft',
  'network-copyleft',
  'source-available',
  'noncommercial',
  'proprietary',
  'unknown',
];

export type Severity = 'error' | 'warn' | 'info';
export type RuleSetting = Severity | 'off';

export interface SourceLocation {
  /** Relative to the scanned root, `/`-separated. */
  file: string;
  line: number;
  column: number;
}

/** A non-fatal problem met while scanning: the scan goes on. */
export interface Diagnostic {
  /** Stable machine code, e.g. `invalid-json`, `file-too-large`, `symlink-loop`, `path-escape` (all: src/diagnostics/codes.ts). */
  code: DiagnosticCode;
  severity: 'error' | 'warn' | 'info';
  /** Relative to the scanned root where possible. */
  file: string;
  message: string;
  line?: number;
  column?: number;
}

// ---------------------------------------------------------------------------------------------
// discover

export interface DiscoveredFiles {
  /** Absolute path of the scanned root. */
  root: string;
  /** The project's own license files (root and workspace roots), relative paths, sorted. */
  licenseFiles: string[];
  /** Manifests by kind, relative paths, sorted. e.g. `package.json`, `pyproject.toml`. */
  manifests: string[];
  /** Lockfiles, relative paths, sorted. */
  lockfiles: string[];
  /** Installed trees (e.g. `node_modules`) as relative folder paths. */
  installedTrees: string[];
  /** Every other relevant file found in the walk, for readers that need more (relative). */
  all: string[];
}

// ---------------------------------------------------------------------------------------------
// read

/**
 * One piece of license evidence, exactly as found. The identify stage turns a list of these
 * into one expression; nothing here is interpreted yet.
 */
export type LicenseEvidence =
  | {
      /** A manifest's own license field (`license`, legacy `licenses`, `License-Expression`, …). */
      kind: 'declared';
      /** The value as written (string, or the legacy object/array). */
      value: unknown;
      /** Which field, e.g. `license`, `licenses`, `license-expression`, `classifiers`. */
      field: string;
      location?: SourceLocation;
      /** Folder (relative) that `SEE LICENSE IN <file>` is resolved against and confined to. */
      baseDir?: string;
      /** Read from a package manager's cache outside the checkout: the cache entry (absolute path). */
      origin?: string;
    }
  | {
      /** A license file shipped with the component (relative path). Text is read by identify. */
      kind: 'file';
      file: string;
      /** The text, already read from a cache entry (a zip, a tarball, pnpm's store); `file` then only names it. */
      text?: string;
    }
  | {
      /** A lockfile's license metadata (npm lock v2+ `license`, composer.lock `license`, …). */
      kind: 'lockfile';
      value: unknown;
      location?: SourceLocation;
    }
  | {
      /** A license text embedded in an input that is not a file of the checkout (an SBOM's license text). */
      kind: 'text';
      text: string;
      /** Where the text is, e.g. `bom.json#/components/3/licenses/0/license/text`. */
      origin: string;
    }
  | {
      /** A user override from config (`overrides`), always wins. */
      kind: 'override';
      value: string;
      /** Config key that set it, e.g. `overrides["left-pad@^1"]`. */
      origin: string;
    };

/** How to get a lockfile's packages onto the disk: for the "say it once" message. */
export interface InstallHint {
  /** The lockfile (or manifest) listing the components, relative. */
  file: string;
  /** `npm`, `pnpm`, `yarn` (classic), `yarn-berry`, `go`, `cargo`, … */
  packageManager: string;
  /** The exact command that fetches them, e.g. `pnpm install --frozen-lockfile`. */
  command: string;
}

export interface Component {
  /** `${ecosystem}:${name}@${version}`; unique within a report. */
  id: string;
  ecosystem: Ecosystem;
  name: string;
  /** Resolved version; `''` when only a range is known. */
  version: string;
  /** Package URL, e.g. `pkg:npm/%40scope/name@1.0.0`. */
  purl: string;
  scope: Scope;
  /** Declared by a root or workspace manifest. */
  direct: boolean;
  /** Dependency paths that bring it in, each from a root/workspace manifest name to this component, as `name@version`. At most a few, shortest first. */
  paths: string[][];
  /** The range the root/workspace manifest declared, when direct. */
  requested?: string;
  evidence: LicenseEvidence[];
  /** Where a finding about this component should point. */
  location: SourceLocation;
  /** Installed folder (relative) when the component is on disk. */
  installedPath?: string;
  /** Read from a package manager's cache instead of an installed tree: which cache, where (`~/…`). */
  cache?: { kind: string; path: string };
  /** The lockfile that lists it and the command that would install it (for "could not judge"). */
  installHint?: InstallHint;
  /** Set by identify + classify. */
  license?: ClassifiedLicense;
  /** YYYY-MM-DD this version was published (npm packument `time`), when some evidence says; FSL/BSL conversion dates count from it. */
  released?: string;
  /** AI models (`huggingface`): what the model card says about where the model comes from. */
  model?: ModelFacts;
}

/** A model's lineage, from its card (`base_model`, `datasets`) and where it was found. */
export interface ModelFacts {
  /** `base_model` ids as written in the card (Hub ids, or local paths). */
  baseModels: string[];
  datasets: string[];
  /** Where the model's files are: `folder` in the checkout, `hf-cache`, `gguf` file, `online` (Hub API), or only `referenced` from code. */
  origin: 'folder' | 'hf-cache' | 'gguf' | 'online' | 'referenced';
  /** The license the model's own card or header declares (before its base models are applied). */
  cardLicense?: string | null;
  /** Set by the lineage step: each base model reached and the license it binds the model to. */
  lineage?: { model: string; license: string | null; via: string }[];
}

/** What a reader returns for the files it was given. */
export interface ReadResult {
  components: Component[];
  /** The project's own packages (root and workspaces) as read from their manifests. */
  projects: ProjectManifest[];
  diagnostics: Diagnostic[];
}

/** The checkout's own package (root or a workspace member). */
export interface ProjectManifest {
  ecosystem: Ecosystem;
  /** Relative path of the manifest. */
  file: string;
  name: string;
  version: string;
  private: boolean;
  evidence: LicenseEvidence[];
  /** Facts used for profile inference (e.g. has `main`/`exports`, `bin`, start script). */
  facts: ProjectFacts;
  /** The raw description/keywords, for the own-license "calls itself open source" check. */
  description?: string;
  keywords?: string[];
  location: SourceLocation;
}

/**
 * What a reader learned about one of the checkout's own projects, for the profile inference.
 * One typed shape for every ecosystem, so a reader and the inference cannot disagree on a name
 * (a reader writing `webFrameworks` while the inference reads `serverFrameworks` does not compile).
 */
export interface ProjectFacts {
  /** Direct production dependencies that run a network server (`profile.serverFrameworks` of each descriptor in `src/ecosystems/`), as the ecosystem spells them. Every reader says, `[]` when none. */
  serverFrameworks: string[];
  /** Builds a program that is run or shipped (Go main package, Cargo binary without a library, Composer "project", Maven war/Spring Boot app, .NET Exe, requirements.txt/Gemfile app). */
  isApplication?: boolean;
  /** Builds a package that others depend on. */
  isLibrary?: boolean;
  /** Direct dependencies that package a desktop/mobile app or a standalone binary (electron, tauri, pkg, …). */
  appPackagers?: string[];
  private?: boolean;
  // npm
  hasMain?: boolean;
  hasExports?: boolean;
  hasBin?: boolean;
  hasTypes?: boolean;
  /** npm `start`/`serve` scripts (name → command). */
  scripts?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  isWorkspaceRoot?: boolean;
  workspaceRoot?: string;
  /** Workspace globs a root manifest declares (npm/yarn/pnpm `workspaces`). */
  workspaces?: string[];
  // pypi
  hasScripts?: boolean;
  /** `[project.scripts]` names. */
  consoleScripts?: string[];
  hasBuildSystem?: boolean;
  // cargo
  hasLib?: boolean;
  publish?: boolean | string[];
  // golang
  goVersion?: string;
  // maven / gradle
  packaging?: string;
  hasModules?: boolean;
  distributionManagement?: boolean;
  // composer
  type?: string;
  // gem
  hasExecutables?: boolean;
  // nuget
  sdk?: string;
  outputType?: string;
  isWeb?: boolean;
  targetFramework?: string;
}

/** A reader module: one per ecosystem under `src/read/ecosystems/<name>/`. */
export interface EcosystemReader {
  ecosystem: Ecosystem;
  /** Whether this reader has anything to do in the discovered files. */
  applies(files: DiscoveredFiles): boolean;
  read(files: DiscoveredFiles, ctx: ReadContext): Promise<ReadResult>;
}

export interface ReadContext {
  root: string;
  /** Reads a file under root safely (size cap, no escape, no binary); see src/read/fs.ts. */
  fs: SafeFs;
  /** Extra options a reader may honour (e.g. local cache dirs). */
  env: NodeJS.ProcessEnv;
  includeDev: boolean;
  /**
   * Told each license file a reader finds, so its text can be identified on another thread
   * while the reader goes on (src/identify/text-thread.ts); absent in most runs.
   */
  licenseTexts?: { submit(file: string): void };
  /** Told once the installed trees are walked (the scan's V8 heap settings change there: src/util/heap.ts). */
  installedTreesWalked?: () => void;
}

export interface SafeReadResult {
  ok: true;
  text: string;
  /** True when the file was larger than the cap and only the first part was read. */
  truncated: boolean;
  size: number;
  /** The text's SHA-1 (hex), when whoever read it already computed it. */
  sha1?: string;
}
export interface SafeReadError {
  ok: false;
  diagnostic: Diagnostic;
}

export interface SafeFs {
  /** Reads text, refusing paths that escape root, binary content and unreadable files. */
  readText(relPath: string, opts?: { maxBytes?: number; allowTruncate?: boolean }): Promise<SafeReadResult | SafeReadError>;
  /** {@link readText}, synchronously (the reads are synchronous underneath): for a caller that must not yield. */
  readTextSync(relPath: string, opts?: { maxBytes?: number; allowTruncate?: boolean }): SafeReadResult | SafeReadError;
  exists(relPath: string): boolean;
  /** Lists a directory (relative), names sorted; [] when missing or not listable (the latter is reported through createSafeFs's `onDiagnostic`). */
  list(relDir: string): string[];
  /** realpath relative to root, or null when it escapes root / does not exist. */
  realpathInRoot(relPath: string): string | null;
  /**
   * Records that a folder (relative) is its own real path, because the caller resolved it (a
   * plain folder under a resolved parent): files read from it then need no realpath call.
   */
  markRealFolder(relDir: string): void;
  /** A path a reader looked at without SafeFs (its own folder listing): an input of the run for `--cache`. */
  recordInput?(relPath: string): void;
}

// ---------------------------------------------------------------------------------------------
// identify

export interface LicenseParameters {
  /** BSL */
  licensor?: string;
  licensedWork?: string;
  additionalUseGrant?: string;
  /** ISO date (YYYY-MM-DD) when the text gives one, else the phrase as written. */
  changeDate?: string;
  /** SPDX id when mappable, else the phrase. */
  changeLicense?: string;
  /** FSL */
  futureLicense?: string;
  /** Commons Clause */
  software?: string;
  license?: string;
  [key: string]: string | undefined;
}

export interface TextMatch {
  /** SPDX id or LicenseRef- id. */
  id: string;
  confidence: number;
  startLine: number;
  endLine: number;
  /** Present when the text is a known license with extra sentences (e.g. a rider). */
  addedText?: string;
  modified?: boolean;
}

/** What the text matcher says about one license file. */
export interface TextIdentification {
  /** SPDX expression, null when unknown. */
  expression: string | null;
  confidence: number;
  matches: TextMatch[];
  parameters?: LicenseParameters;
  notes: string[];
}

export type LicenseSource = 'override' | 'declared' | 'lockfile' | 'file' | 'none';

export interface IdentifiedLicense {
  /** SPDX expression (may contain LicenseRef- ids), or null when nothing could be identified. */
  expression: string | null;
  /** 0..1 */
  confidence: number;
  /** Which evidence the expression came from. */
  source: LicenseSource;
  /** The declared value as written, when it was corrected or interpreted. */
  declared?: string;
  /** Expression identified from license files, when any (used by `license-mismatch`). */
  fileExpression?: string | null;
  /** Files that were identified, with their result. */
  files?: { file: string; expression: string | null; confidence: number }[];
  parameters?: LicenseParameters;
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// classify

export type Trait =
  | 'service-source-disclosure' // SSPL §13
  | 'network-copyleft' // AGPL §13
  | 'no-managed-service' // Elastic-2.0, Confluent Excluded Purpose, RSAL
  | 'no-competing-use' // FSL, PolyForm Shield/Perimeter, BSL grants
  | 'no-sale' // Commons Clause
  | 'noncommercial-only' // PolyForm Noncommercial, CC-BY-NC-*
  | 'internal-use-only' // SUL, PolyForm Internal Use
  | 'production-use-limited' // BSL without grant, Snowplow Limited Use
  | 'size-limited' // PolyForm Small Business
  | 'license-key-protected' // Elastic-2.0
  | 'converts-later' // BSL Change Date, FSL
  | 'copyleft-on-distribution' // GPL
  | 'file-level-copyleft' // LGPL, MPL, EPL
  | 'proprietary'
  | 'attribution'
  // AI model licenses (data/licenses/models.json)
  | 'user-cap' // Llama's 700M, Qwen's 100M monthly active users: a separate license above it
  | 'use-policy' // acceptable/prohibited-use policy that binds you and must be passed on
  | 'display-attribution' // "Built with Llama" shown on the product
  | 'derivative-naming' // a model trained on it must carry its name
  | 'no-training-other-models' // outputs may not improve other models
  | 'territory-restricted' // rights withheld in some territories (Llama 3.2/4 multimodal in the EU)
  | 'patent-termination'; // the patent grant ends if you sue the licensor over any patent (Facebook's PATENTS file)

export interface TraitInstance {
  trait: Trait;
  /** The license id the trait comes from. */
  license: string;
  /** The clause, quoted or cited (e.g. "SSPL-1.0 §13 Offering the Program as a Service"). */
  clause: string;
  /** The number a `user-cap` trait sets (monthly active users). */
  limit?: number;
  /**
   * The duty binds only a model you create from the licensed one (a fine-tune, distillation,
   * quantisation) and distribute or make available — Qwen's "Built with Qwen" — not a product
   * that merely runs it.
   */
  derivedOnly?: boolean;
}

export interface LicenseInfo {
  id: string;
  name: string;
  category: Category;
  traits: TraitInstance[];
  osiApproved: boolean;
  fsfLibre: boolean;
  deprecated: boolean;
  /** Where the category/traits come from. */
  sources: string[];
}

export interface ClassifiedLicense extends IdentifiedLicense {
  category: Category;
  traits: TraitInstance[];
  /** For OR expressions: the option chosen for the profile, as an SPDX expression. */
  chosen?: string;
  /** A converting license (BSL Change Date, FSL's second anniversary): when, and into what (classify/conversion.ts). */
  conversion?: LicenseConversion;
}

/**
 * What a BSL/FSL version converts into and when, as of the run's date. `converted`: the date is
 * past, so `expression` is already the Change License and `from` what the text says; `pending`:
 * a known date ahead; `undated`: the date depends on a release date nobody knows here.
 */
export interface LicenseConversion {
  state: 'converted' | 'pending' | 'undated';
  /** The converting license(s) as identified, e.g. `BUSL-1.1`. */
  from: string;
  /** The Change License / future license as an SPDX id, when known. */
  to?: string;
  /** YYYY-MM-DD: the day it converts (or converted), at the latest. */
  date?: string;
  /** What the date comes from, e.g. `Change Date "the earlier of 2023-04-01 or …"` or `released 2024-03-01 + 2 years`. */
  basis: string;
}

// ---------------------------------------------------------------------------------------------
// profile / config

export type Distribution = 'saas' | 'distributed' | 'library' | 'internal';

export interface Profile {
  distribution: Distribution;
  commercial: boolean;
  /** `config`, `flag` or `auto` */
  origin: 'flag' | 'config' | 'auto' | 'default';
  /** Human-readable evidence for the choice, e.g. `package.json has "exports" and is not private`. */
  reasons: string[];
}

export interface ExceptionEntry {
  package: string;
  /** semver range; `*` when absent. */
  version?: string;
  /** Rule id, or `*`. */
  rule?: string;
  reason: string;
  /** ISO date. */
  expires?: string;
}

export interface Config {
  profile?: Distribution | 'auto' | { distribution?: Distribution | 'auto'; commercial?: boolean };
  rules?: Record<string, RuleSetting | [RuleSetting, Record<string, unknown>]>;
  ignore?: string[];
  exceptions?: ExceptionEntry[];
  /** `package@range` → SPDX expression */
  overrides?: Record<string, string>;
  /** Include dev dependencies in the scan (default true; they never produce errors). */
  includeDev?: boolean;
  /** The `license-policy` rule's allow/deny lists: license ids or `category:<name>`. */
  licenses?: { allow?: string[]; deny?: string[]; confidence?: number };
  /** Per-workspace settings: a glob of workspace folders (relative, `.` for the root) → what differs there. */
  workspaces?: Record<string, WorkspaceConfig>;
}

/** Settings for the workspaces a `workspaces` glob matches; each beats the top-level one. */
export interface WorkspaceConfig {
  profile?: Config['profile'];
  rules?: Config['rules'];
  /** Globs that drop this workspace's findings: paths relative to the root or the workspace folder (finding file, declaring manifest, install folder) or package names (see `workspaceIgnoreMatcher`). */
  ignore?: string[];
}

/** Where the config came from, for messages. */
export interface LoadedConfig {
  config: Config;
  /** Absolute path, or null when none was found. */
  filepath: string | null;
}

// ---------------------------------------------------------------------------------------------
// evaluate

export interface OwnLicense {
  /** Relative path of the license file. */
  file: string;
  identification: TextIdentification;
  classified?: ClassifiedLicense;
}

/** Everything a rule may look at. Rules never read the filesystem. */
export interface ProjectModel {
  root: string;
  profile: Profile;
  projects: ProjectManifest[];
  ownLicenses: OwnLicense[];
  /** The project's own license as one classified expression (manifest + files). */
  ownLicense?: ClassifiedLicense;
  /** Subtrees under other terms than the root (an open-core `ee/`), see `Report.ownLicense.scopes`. */
  ownLicenseScopes?: OwnLicenseScope[];
  components: Component[];
  files: DiscoveredFiles;
  /** The root README (first 256 KB), for checks of what the project says about itself. */
  readme?: { file: string; text: string };
  /** Today's date as YYYY-MM-DD (injected so tests and reports are deterministic). */
  today: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Stable message id within the rule. */
  messageId: string;
  message: string;
  /** The one-line form of `message` (rule `shortMessages`), without the package name. */
  shortMessage?: string;
  /** Component id (`npm:name@version`), absent for project-level findings. */
  component?: string;
  /** The dependency path that brings the component in. */
  path?: string[];
  location: SourceLocation;
  /** Extra structured data (license, clause, changeDate, fork, …). */
  data?: Record<string, string>;
  /** Set when a config exception or baseline suppressed it. */
  suppressed?: { by: 'exception' | 'baseline'; reason: string; /** The exception's `expires`, when it has one. */ expires?: string };
  /** For findings about a dependency: the workspace (folder, `.` for the root) it is judged for. */
  workspace?: string;
}

export interface RuleDocs {
  description: string;
  /** Relative doc path, e.g. `rules/cloud-resale/README.md`. */
  url: string;
}

export interface RuleMeta {
  id: string;
  docs: RuleDocs;
  /** Severity per distribution when `commercial` is true. */
  defaultSeverity: Record<Distribution, RuleSetting>;
  messages: Record<string, string>;
  /**
   * One short line per messageId (≤ ~100 characters once filled, no package name: reports
   * print the package beside it), for the terminal, annotations and summaries.
   */
  shortMessages?: Record<string, string>;
  /** JSON schema of options. */
  schema?: Record<string, unknown>;
  defaultOptions?: Record<string, unknown>;
  /**
   * `false` for rules whose findings are about the suppressions themselves (an expired config
   * exception, a stale baseline entry): neither exceptions nor the baseline suppress them, and
   * `license-risk baseline` does not accept them. Default true.
   */
  suppressible?: boolean;
}

export interface RuleReport {
  messageId: string;
  data?: Record<string, string>;
  /**
   * Placeholder values that only phrase the message (an optional clause, a trailing sentence):
   * used to fill `messages`/`shortMessages`, never kept in `finding.data`, which holds facts.
   */
  messageData?: Record<string, string>;
  component?: Component;
  location: SourceLocation;
  /** Overrides the rule's severity for this finding (e.g. dev-only → info). */
  severity?: Severity;
}

/** A finding a report-phase rule makes: about a component of the report (or none). */
export interface ReportRuleReport extends Omit<RuleReport, 'component'> {
  component?: ReportComponent;
}

/** Deeply read-only view: what rules get of the config and the run, so no rule can change what the next one sees. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** What every rule reads, whichever phase it runs in (compare ESLint's `context.settings`/`context.options`). */
export interface RuleContextBase {
  profile: Profile;
  /** The rule's options: its `defaultOptions` overlaid with the config's `[severity, options]`. */
  options: Record<string, unknown>;
  /** The severity the rule runs at (config, else its default for the profile). */
  severity: Severity;
  /** The whole config as loaded (exceptions, licenses, overrides, …), read-only and frozen. */
  settings: DeepReadonly<Config>;
  /** The scan's day, YYYY-MM-DD (`--today` pins it). */
  today: string;
  /** Where findings about the config itself point: the config file relative to the root, else the root manifest. */
  configFile: string;
}

/** The project phase: rules over the classified project, during the scan. */
export interface RuleContext extends RuleContextBase {
  project: ProjectModel;
  report(r: RuleReport): void;
}

/** One entry of the baseline file as the baseline rule sees it (src/ci/baseline.ts reads and validates it). */
export interface RuleBaseline {
  /** The baseline file, relative to the scanned root. */
  file: string;
  /** Hand-written acceptances by finding key: a reason and an optional expiry date. */
  accepted: Readonly<Record<string, { reason: string; expires?: string }>>;
  /** Baselined findings by key. */
  entries: Readonly<Record<string, { ruleId: string; package: string; severity: Severity; message: string }>>;
  /** Keys of the baseline that a current finding has, each with the first such finding. */
  matched: ReadonlyMap<string, Finding>;
  /** Line and column of a JSON path in the file (`['accepted', key]`), when known. */
  locate(path: readonly string[]): { line: number; column: number } | undefined;
}

/** A dependency whose version differs between the base ref and the working tree (`diff --base`). */
export interface RuleVersionChange {
  kind: 'upgraded' | 'downgraded';
  /** The base side: its version and license (from the head's artifact, the base lockfile, or the relicensing knowledge base, said in `via`). */
  from: { version: string; expression: string | null; category: Category; via?: string };
  /** The working tree's component. */
  to: ReportComponent;
  /** The relicensing event between the two versions, when the knowledge base knows one. */
  event?: { date?: string; source?: string; firstNew?: string; lastOld?: string; forks: string[] };
}

/** What `diff --base REF` knows about the base side. */
export interface RuleDiffBase {
  ref: string;
  /** The base scan's components. */
  components: readonly ReportComponent[];
  /** Same package, another version, in package order. */
  versionChanges: readonly RuleVersionChange[];
}

/**
 * The report phase: rules over the finished report and the run's extra inputs (the baseline
 * file, the base ref of a diff). A rule whose input is absent in this run reports nothing.
 */
export interface ReportRuleContext extends RuleContextBase {
  components: readonly ReportComponent[];
  /** The project-phase findings (config exceptions applied). */
  findings: readonly Finding[];
  baseline?: RuleBaseline;
  base?: RuleDiffBase;
  report(r: ReportRuleReport): void;
}

/**
 * A rule: `meta` plus a check per phase it takes part in — `check` over the project during the
 * scan, `checkReport` over the report once the run's baseline or diff base is known.
 */
export interface Rule {
  meta: RuleMeta;
  check?(ctx: RuleContext): void;
  checkReport?(ctx: ReportRuleContext): void;
}

// ---------------------------------------------------------------------------------------------
// report

export interface ReportComponent {
  id: string;
  ecosystem: Ecosystem;
  name: string;
  version: string;
  purl: string;
  scope: Scope;
  direct: boolean;
  paths: string[][];
  location: SourceLocation;
  /** Where its license evidence was read from; for `none`, why, and what installs it. */
  evidence: { source: EvidenceSource; cache?: string; reason?: string; command?: string };
  license: {
    expression: string | null;
    category: Category;
    confidence: number;
    source: LicenseSource;
    declared?: string;
    fileExpression?: string | null;
    files?: { file: string; expression: string | null; confidence: number }[];
    parameters?: LicenseParameters;
    /** A BSL/FSL conversion: converted (the expression is then the Change License), pending or undated. */
    conversion?: LicenseConversion;
    traits: string[];
    notes: string[];
  };
  /** YYYY-MM-DD this version was published, when known. */
  released?: string;
  /** AI models: lineage and card facts. */
  model?: ModelFacts;
}

/**
 * Where a component's license evidence was read from: its installed folder (or other files of
 * the checkout), its lockfile's license metadata, a package manager's cache on this machine,
 * a registry (`--online`), the config's `overrides` alone, or nowhere ("could not judge").
 */
export type EvidenceSource = 'installed' | 'lockfile' | 'cache' | 'online' | 'override' | 'none';

/** "Could not judge", said once per lockfile: how many, why, and the command that fixes it. */
export interface MissingEvidence {
  /** The lockfile (or manifest) that lists them. */
  file: string;
  ecosystem: Ecosystem;
  packageManager: string;
  components: number;
  reason: 'not-installed';
  /** Installs them, so a rescan reads their license files. */
  command: string;
  /** Or look them up in the registries instead. */
  online: '--online';
}

export interface Summary {
  components: number;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  /** Findings a workspace's config `ignore` dropped (present only when some were). */
  ignored?: number;
  byCategory: Record<Category, number>;
  diagnostics: number;
  /** Components by where their license evidence came from. */
  evidence: Record<EvidenceSource, number>;
}

export interface Report {
  tool: { name: 'license-risk'; version: string };
  /** Always `.`; paths in the report are relative to it. */
  root: string;
  profile: Profile;
  ownLicense?: {
    expression: string | null;
    category: Category;
    files: string[];
    /** Subtrees under other terms than the root's (an `ee/` folder), each `path` relative and ending in `/`. */
    scopes?: OwnLicenseScope[];
  };
  /** The checkout's units (root `.` first), each with the profile its dependencies are judged under. */
  workspaces?: ReportWorkspace[];
  components: ReportComponent[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Components that could not be judged, grouped per lockfile (each is also a component with `evidence.source: "none"`). */
  missingEvidence?: MissingEvidence[];
  summary: Summary;
}

export interface OwnLicenseScope {
  /** Relative folder ending in `/` (`ee/`), a glob of files a root license names by pattern (`**\/*.ee.*`), or `header:<marker>` for files marked by a comment. */
  path: string;
  expression: string | null;
  category: Category;
  files: string[];
  /** Why this subtree is under other terms: the root LICENSE's scoping sentence, or the folder's own license file. */
  evidence: string[];
}

export interface ReportWorkspace {
  path: string;
  name: string;
  ecosystem: Ecosystem | null;
  profile: Pick<Profile, 'distribution' | 'commercial' | 'origin' | 'reasons'>;
}

export interface FormatterContext {
  color: boolean;
  /** Absolute path of the scanned root, for formatters that need it. */
  cwd: string;
  rules: Record<string, RuleMeta>;
  /** Path from where the command runs to the scanned root (`''` when the same), so printed paths are relative to the cwd. */
  pathPrefix?: string;
  /** Terminal width when writing to a TTY: human reports fit their lines to it. Unset in pipes and files. */
  width?: number;
  /** Print the long explanation under each finding (`--verbose`). */
  verbose?: boolean;
  /** List info-level findings in the terminal report (`--info`); they are counted either way. */
  info?: boolean;
  /** Facts about this run for the HTML header: the scan date (its one asked-for timestamp), project name, git commit. */
  run?: { date?: string; project?: string; commit?: string };
}

export type Formatter = (report: Report, ctx: FormatterContext) => string;
