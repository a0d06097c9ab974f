/**
 * The programmatic API: `import { scan, identify, explain } from 'license-risk'` (ESM) or
 * `require('license-risk')` (CommonJS). `scan()` resolves to the same object `--format json`
 * prints; errors the CLI would exit 2 on reject with an Error carrying that one-line message.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config, LicenseInfo, Report, Scope, TextIdentification } from './types';
import { FatalError } from './errors';

export type * from './types';

export interface ScanApiOptions {
  /** The checkout to scan. Default: the current folder, unless `sbom` is given (then the SBOMs alone). */
  cwd?: string;
  /** `saas`, `distributed`, `library`, `internal` or `auto`, optionally with `:noncommercial`. */
  profile?: string;
  /** A config file path (as `--config`) or a config object (validated like a file). */
  config?: string | Config;
  /** Query public registries for components with no license evidence (as `--online`). */
  online?: boolean;
  /** SBOM files (CycloneDX 1.4–1.6 or SPDX 2.2/2.3 JSON), as `--sbom`; relative to `cwd` or the current folder. */
  sbom?: string | string[];
  /** Leave dev dependencies out (as `--production`). */
  production?: boolean;
  /** Scopes to leave out (as `--omit`). */
  omit?: Array<Extract<Scope, 'dev' | 'optional' | 'peer'>>;
  /** A baseline file to apply, or false to ignore `.license-risk-baseline.json` (as `--baseline` / `--no-baseline`). */
  baseline?: string | false;
  /** Evaluate dates as of YYYY-MM-DD (default today, UTC). */
  today?: string;
  /** Environment for the ecosystems' caches and `--online` settings; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Scans a checkout (and/or SBOMs) and resolves to the JSON report, as `license-risk --format json` prints it. */
export async function scan(options: ScanApiOptions = {}): Promise<Report> {
  const [{ scan: runScan }, { validateConfig }, { checkCommonFlags, parseOmit, sbomList }, { loadBaselineForCheck }] = await Promise.all([
    import('./pipeline'),
    import('./config/validate'),
    import('./cli/commands/check'),
    import('./cli/commands/baseline'),
  ]);
  checkCommonFlags({ format: 'json', profile: options.profile, today: options.today });
  const sbom = sbomList(options.sbom);
  const here = process.cwd();
  const dir = options.cwd ?? '.';
  let config: Config | undefined;
  if (options.config !== undefined && typeof options.config !== 'string') {
    const problems = validateConfig(options.config);
    if (problems.length) throw new FatalError(`config: invalid config: ${problems[0]}`);
    config = options.config;
  }
  const outcome = await runScan({
    dir: path.resolve(here, dir),
    configPath: typeof options.config === 'string' ? path.resolve(here, options.config) : undefined,
    config,
    profile: options.profile,
    today: options.today,
    online: options.online,
    env: options.env,
    sbom,
    cwd: options.cwd !== undefined ? path.resolve(here, options.cwd) : here,
    checkout: sbom.length === 0 || options.cwd !== undefined,
    production: options.production,
    omit: parseOmit(options.omit),
  });
  const io = { cwd: here, env: options.env ?? process.env, isTTY: false, stdout: () => undefined, stderr: () => undefined };
  const report = loadBaselineForCheck(outcome.report, { dir, baseline: options.baseline === false ? false : options.baseline, today: options.today }, io, outcome.config);
  // Exactly what the JSON formatter writes: keys with undefined values left out.
  return JSON.parse(JSON.stringify(report)) as Report;
}

/** What a license text is: `identify(text)`, or `identify({ file })` for a file on disk. */
export async function identify(input: string | { file: string }): Promise<TextIdentification & { error?: string }> {
  const text = await import('./identify/text');
  if (typeof input === 'string') return text.identifyText(input);
  if (!input || typeof input.file !== 'string') throw new TypeError('identify: expects a license text or { file }');
  return text.identifyFile(path.resolve(input.file));
}

export type Explanation =
  | { kind: 'rule'; id: string; description: string; defaultSeverity: Record<string, string>; messages: Record<string, string>; documentation: string }
  | { kind: 'license'; license: LicenseInfo; relicensing: string[] }
  | { kind: 'package'; id: string; relicensing: string[] };

/** A rule's documentation, a license's category and traits, or a package's relicensing history; null when unknown. */
export async function explain(id: string): Promise<Explanation | null> {
  const [{ getRule }, { getLicenseInfo }, { relicensingEvents, describeEvent }, { packageRoot }] = await Promise.all([
    import('../rules'),
    import('./classify'),
    import('./evaluate'),
    import('./paths'),
  ]);
  const key = String(id).trim();
  const rule = getRule(key);
  if (rule) {
    const doc = path.join(packageRoot(), rule.meta.docs.url);
    return {
      kind: 'rule',
      id: rule.meta.id,
      description: rule.meta.docs.description,
      defaultSeverity: { ...rule.meta.defaultSeverity },
      messages: { ...rule.meta.messages },
      documentation: fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '',
    };
  }
  const info = getLicenseInfo(key);
  const events = relicensingEvents();
  if (info) {
    const mentions = (s: string) => new RegExp(`(^|[^A-Za-z0-9.-])${info.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9.-])`).test(s);
    return { kind: 'license', license: info, relicensing: events.filter((e) => mentions(e.from) || mentions(e.to)).map(describeEvent) };
  }
  const lower = key.toLowerCase();
  const byPackage = events.filter((e) => e.packages.some((p) => p.name.toLowerCase() === lower) || e.project.toLowerCase() === lower);
  return byPackage.length ? { kind: 'package', id: key, relicensing: byPackage.map(describeEvent) } : null;
}
