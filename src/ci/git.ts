import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { FatalError } from '../errors';

/**
 * Minimal git access for `diff`: always `git` with an argument vector (no shell, so no quoting
 * or injection), never writing to the repository, and every failure turned into a FatalError
 * that says what to do.
 */
export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

export function runGit(args: string[], cwd: string, input?: Buffer | string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      // No pager, no prompts, no locale-dependent messages we might want to show.
      env: { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0' },
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let overflow = false;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        overflow = true;
        child.kill();
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new FatalError(err.code === 'ENOENT' ? 'git is not installed or not on PATH (needed by `diff`)' : `cannot run git: ${err.message}`),
      );
    });
    child.on('close', (code) => {
      if (overflow) reject(new FatalError(`git ${args[0]} produced more than ${MAX_OUTPUT_BYTES} bytes`));
      else resolve({ code: code ?? 1, stdout: Buffer.concat(chunks), stderr });
    });
    child.stdin.on('error', () => {
      // git may exit before reading all input (e.g. bad object); the close handler reports it.
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

async function gitText(args: string[], cwd: string): Promise<string | null> {
  const result = await runGit(args, cwd);
  return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
}

export interface RepoInfo {
  /** Absolute path of the working tree's top level. */
  topLevel: string;
  /** The scanned directory relative to the top level, `/`-separated, `''` at the top. */
  prefix: string;
}

export async function repoInfo(dir: string): Promise<RepoInfo> {
  // spawn() reports a missing cwd as ENOENT, which would read as "git is not installed".
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new FatalError(`${dir}: no such directory`);
  const inside = await gitText(['rev-parse', '--is-inside-work-tree'], dir);
  if (inside !== 'true') {
    throw new FatalError(`${dir}: not inside a git working tree; \`diff --base\` reads the base ref with git`);
  }
  const topLevel = await gitText(['rev-parse', '--show-toplevel'], dir);
  const prefix = await gitText(['rev-parse', '--show-prefix'], dir);
  if (topLevel === null || prefix === null) throw new FatalError(`${dir}: cannot determine the git working tree root`);
  return { topLevel, prefix: prefix.replace(/\/+$/, '') };
}

/** Resolves a ref to a commit id, explaining unknown refs and shallow clones. */
export async function resolveCommit(dir: string, ref: string): Promise<string> {
  if (ref === '' || ref.startsWith('-') || /[\0\n\r]/.test(ref)) {
    throw new FatalError(`invalid base ref ${JSON.stringify(ref)}`);
  }
  const commit = await gitText(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], dir);
  if (commit && /^[0-9a-f]{40,64}$/.test(commit)) return commit;
  const shallow = await gitText(['rev-parse', '--is-shallow-repository'], dir);
  if (shallow === 'true') {
    throw new FatalError(
      `base ref "${ref}" is not in this shallow clone; fetch it first (e.g. \`git fetch --depth=1 origin ${ref}\`, or actions/checkout with fetch-depth: 0)`,
    );
  }
  throw new FatalError(`unknown base ref "${ref}": no such branch, tag or commit in this repository`);
}

export interface TreeEntry {
  mode: string;
  type: string;
  object: string;
  /** Path relative to the repository top level. */
  path: string;
}

/** Every entry of a commit's tree, recursively (`git ls-tree -r -z --full-tree`). */
export async function listTree(topLevel: string, commit: string): Promise<TreeEntry[]> {
  const result = await runGit(['ls-tree', '-r', '-z', '--full-tree', commit], topLevel);
  if (result.code !== 0) throw new FatalError(`git ls-tree ${commit} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  const entries: TreeEntry[] = [];
  for (const record of result.stdout.toString('utf8').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, object] = record.slice(0, tab).split(' ');
    entries.push({ mode, type, object, path: record.slice(tab + 1) });
  }
  return entries;
}

/**
 * Reads many blobs in one `git cat-file --batch` process. Returns contents by object id;
 * objects git cannot find (e.g. missing in a partial clone) are left out.
 */
export async function readBlobs(topLevel: string, objects: string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(objects)];
  const out = new Map<string, Buffer>();
  if (unique.length === 0) return out;
  const result = await runGit(['cat-file', '--batch'], topLevel, `${unique.join('\n')}\n`);
  if (result.code !== 0) throw new FatalError(`git cat-file failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  const buf = result.stdout;
  let offset = 0;
  while (offset < buf.length) {
    const newline = buf.indexOf(0x0a, offset);
    if (newline < 0) break;
    const header = buf.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    const parts = header.split(' ');
    if (parts[1] === 'missing' || parts.length < 3) continue;
    const size = Number(parts[2]);
    if (!Number.isFinite(size) || offset + size > buf.length) break;
    out.set(parts[0], buf.subarray(offset, offset + size));
    offset += size + 1; // content is followed by a newline
  }
  return out;
}
