import * as fs from 'node:fs';
import * as path from 'node:path';
import { FatalError } from '../../errors';
import { CONFIG_SEARCH_PLACES } from '../../config';
import { scan } from '../../pipeline';
import type { CliIO } from '../io';
import { MAX_FILE_BYTES, readRegularFileSync } from '../../read/fs';

/**
 * `license-risk init [dir]`: writes a starter `.license-riskrc.json` with the profile the
 * checkout looks like, so the choice is explicit and reviewable. One of the two commands that
 * write into a checkout, and only when asked; it never overwrites an existing config.
 */
export async function runInit(flags: { dir: string; profile?: string }, io: CliIO): Promise<number> {
  const root = path.resolve(io.cwd, flags.dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new FatalError(`${flags.dir}: no such directory`);
  const existing = CONFIG_SEARCH_PLACES.filter((place) => {
    const file = path.join(root, place);
    if (!fs.existsSync(file)) return false;
    if (place !== 'package.json') return true;
    try {
      // The same safe read as `check`: a FIFO or /dev/zero named package.json is refused, not read forever.
      const manifest: unknown = JSON.parse(readRegularFileSync(file, MAX_FILE_BYTES));
      return manifest !== null && typeof manifest === 'object' && Object.prototype.hasOwnProperty.call(manifest, 'license-risk');
    } catch {
      return false;
    }
  });
  if (existing.length > 0) throw new FatalError(`init: a config already exists (${existing.join(', ')}); not overwritten`);

  const { report } = await scan({ dir: root, noConfig: true, profile: flags.profile, env: io.env });
  const profile = report.profile;
  const config = {
    $schema: 'https://unpkg.com/license-risk/schema/config.schema.json',
    profile: profile.commercial ? profile.distribution : `${profile.distribution}:noncommercial`,
    rules: {},
    ignore: [],
    exceptions: [],
    overrides: {},
  };
  const file = path.join(root, '.license-riskrc.json');
  try {
    fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'it already exists; not overwritten' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : (code ?? 'error');
    throw new FatalError(`init: cannot write ${path.relative(io.cwd, file) || file}: ${why}`);
  }
  io.stderr(
    `license-risk: wrote ${path.relative(io.cwd, file) || file} with profile "${config.profile}" (${profile.origin === 'flag' ? 'from --profile' : profile.reasons.join('; ')})\n`,
  );
  return 0;
}
