import yargs, { type Argv } from 'yargs';
import type { CliIO } from './io';
import { toolVersion } from '../paths';
import { CHECK_OPTIONS, PROFILE_HELP } from './check-options';

type Schedule = (fn: () => Promise<number>) => void;

/**
 * The command line. Handlers only schedule work; `main` runs it after parsing so every error
 * path ends in one message and an exit code, never a stack trace.
 */
export function buildParser(io: CliIO, schedule: Schedule): Argv {
  const scanOptions = (y: Argv, dirDefault: string | null = '.') => {
    let withOptions = y.positional('dir', { type: 'string', default: dirDefault ?? undefined, describe: 'the checkout to scan (default: the current folder, unless --sbom is given)' });
    for (const [name, def] of Object.entries(CHECK_OPTIONS)) withOptions = withOptions.option(name, { ...def });
    return withOptions;
  };

  return yargs()
    .scriptName('license-risk')
    .usage('$0 [check] [dir]\n\nLicense risk linter: classifies every license in a checkout and flags what your business model cannot live with.')
    .command(
      ['check [dir]', '$0 [dir]'],
      'scan a checkout (the default command)',
      (y) => scanOptions(y, null),
      (argv) => { schedule(async () => {
          const { runCheck } = await import('./commands/check');
          return runCheck(argv as never, io);
        }); },
    )
    .command(
      'identify <files..>',
      'say which license each file holds, with confidence and parameters',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, describe: 'license files' })
          .option('format', { alias: 'f', type: 'string', choices: ['text', 'json'], default: 'text' }),
      (argv) => { schedule(async () => {
          const { runIdentify } = await import('./commands/identify');
          return runIdentify(argv as never, io);
        }); },
    )
    .command(
      'rules',
      'list the rules with the severity the profile gives each',
      (y) => y.option('profile', { alias: 'p', type: 'string', describe: PROFILE_HELP }).option('format', { alias: 'f', type: 'string', choices: ['text', 'json'], default: 'text' }),
      (argv) => { schedule(async () => {
          const { runRules } = await import('./commands/rules');
          return runRules(argv as never, io);
        }); },
    )
    .command(
      'explain <id>',
      "print a rule's documentation, or a license's category, traits and relicensing history",
      (y) => y.positional('id', { type: 'string', describe: 'rule id or license id (SPDX or LicenseRef-)' }),
      (argv) => { schedule(async () => {
          const { runExplain } = await import('./commands/explain');
          return runExplain(argv as never, io);
        }); },
    )
    .command(
      'init [dir]',
      'write a starter .license-riskrc.json with the profile this checkout looks like',
      (y) => y.positional('dir', { type: 'string', default: '.' }).option('profile', { alias: 'p', type: 'string', describe: PROFILE_HELP }),
      (argv) => { schedule(async () => {
          const { runInit } = await import('./commands/init');
          return runInit(argv, io);
        }); },
    )
    .command(
      'baseline [dir]',
      'accept the current findings: write .license-risk-baseline.json so only new ones fail',
      (y) =>
        y
          .positional('dir', { type: 'string', default: '.' })
          .option('profile', { alias: 'p', type: 'string', describe: PROFILE_HELP })
          .option('config', { alias: 'c', type: 'string' })
          .option('online', { type: 'boolean', default: false, describe: 'look up license metadata missing from the checkout in the public registries (cached); off by default' })
      .option('baseline', { type: 'string', describe: 'baseline file to write' })
          .option('today', { type: 'string', hidden: true }),
      (argv) => { schedule(async () => {
          const { runBaselineCommand } = await import('./commands/baseline');
          return runBaselineCommand(argv, io);
        }); },
    )
    .command(
      'notice [dir]',
      'write the third-party notices of the shipped components: license texts (each once), copyright lines, NOTICE files',
      (y) =>
        y
          .positional('dir', { type: 'string', default: '.' })
          .option('format', { alias: 'f', type: 'string', choices: ['md', 'txt', 'html'], default: 'md' })
          .option('output', { alias: 'o', type: 'string', describe: 'write the notices to FILE instead of stdout' })
          .option('config', { alias: 'c', type: 'string' })
          .option('today', { type: 'string', hidden: true }),
      (argv) => { schedule(async () => {
          const { runNotice } = await import('./commands/notice');
          return runNotice(argv, io);
        }); },
    )
    .command(
      'diff [dir]',
      'report only what a change does to license exposure, against a git base ref',
      (y) =>
        scanOptions(y).option('base', { type: 'string', demandOption: true, describe: 'git ref to compare with (e.g. origin/main)' }),
      (argv) => { schedule(async () => {
          const { runDiffCommand } = await import('./commands/diff');
          return runDiffCommand(argv as never, io);
        }); },
    )
    .strict()
    // English only: no locale files read at start-up.
    .detectLocale(false)
    .version(toolVersion())
    .help()
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 no error-level findings, 1 error-level findings or too many warnings, 2 usage, configuration or fatal error.');
}
