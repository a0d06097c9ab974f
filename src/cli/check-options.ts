/**
 * The options of `check` (and `diff`), in one table read by both the yargs definition and the
 * start-up fast path, so the two cannot drift apart.
 */
import { FORMAT_NAMES } from '../report/formatters';

export const PROFILE_HELP = 'business model: saas, distributed, library, internal or auto (default); add ":noncommercial" when you do not make money with it';

export interface CheckOptionDef {
  type: 'string' | 'boolean' | 'number';
  alias?: string;
  default?: string | boolean;
  describe: string;
  hidden?: boolean;
}

export const CHECK_OPTIONS: Record<string, CheckOptionDef> = {
  format: { alias: 'f', type: 'string', default: 'stylish', describe: `output format: ${FORMAT_NAMES.join(', ')}` },
  output: { alias: 'o', type: 'string', describe: 'write the report to FILE instead of stdout' },
  profile: { alias: 'p', type: 'string', describe: PROFILE_HELP },
  config: { alias: 'c', type: 'string', describe: 'use this config file instead of searching the checkout' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'report errors only' },
  info: { type: 'boolean', describe: 'list info-level findings in the terminal report (counted, not listed, by default)' },
  verbose: { type: 'boolean', describe: 'explain each finding in the terminal report (the long message under its line)' },
  'max-warnings': { type: 'number', describe: 'exit 1 when there are more warnings than this' },
  color: { type: 'boolean', describe: 'force colour on (--color) or off (--no-color)' },
  online: { type: 'boolean', default: false, describe: 'look up license metadata missing from the checkout in the public registries (cached); off by default' },
  baseline: { type: 'string', describe: 'baseline file (default .license-risk-baseline.json in the checkout); --no-baseline ignores it' },
  workspace: { type: 'string', describe: 'judge only this workspace (its folder, `.` for the root) and what it depends on' },
  today: { type: 'string', hidden: true, describe: 'evaluate dates as of YYYY-MM-DD' },
  sbom: { type: 'string', describe: 'scan an SBOM file (CycloneDX 1.4–1.6 or SPDX 2.2/2.3 JSON); repeatable; with no dir given, the SBOMs alone are scanned' },
  production: { type: 'boolean', describe: 'leave dev dependencies out of the scan and every output (same as --omit dev)' },
  omit: { type: 'string', describe: 'leave these scopes out of the scan: dev, optional, peer (comma-separated, as npm)' },
  cache: { type: 'boolean', describe: "reuse the previous run's components when no file it read has changed (kept in the user's cache folder); only evaluate and report run again" },
  'cache-location': { type: 'string', describe: 'with --cache: the cache file, or a folder to keep it in (default: the user\'s cache folder, never the checkout)' },
};

/** The other commands: a first word naming one is never a directory to check. */
export const OTHER_COMMANDS = ['identify', 'rules', 'explain', 'init', 'baseline', 'diff', 'notice'];
