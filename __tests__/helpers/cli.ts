import * as path from 'node:path';
import { run, type CliIO } from '../../src/cli/main';
import type { Report } from '../../src/types';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, no TTY, no colour from the environment. */
export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; columns?: number } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: opts.isTTY ?? false,
    env: { LICENSE_RISK_TODAY: '2026-11-26', ...(opts.env ?? {}) },
    cwd: opts.cwd ?? process.cwd(),
    columns: opts.columns,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

export async function scanJson(dir: string, extra: string[] = []): Promise<{ report: Report; result: CliResult }> {
  const result = await runCli(['check', dir, '--format', 'json', '--today', '2026-11-26', ...extra]);
  return { report: JSON.parse(result.stdout) as Report, result };
}
