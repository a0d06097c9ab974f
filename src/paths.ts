import * as fs from 'node:fs';
import * as path from 'node:path';
import { FatalError } from './errors';

let cachedRoot: string | undefined;

/**
 * The installed package's root (the folder with license-risk's package.json), found from this
 * file's location so it works from `src/` under ts-jest and from `dist/src/` once built.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        if ((JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: unknown }).name === 'license-risk') return (cachedRoot = dir);
      } catch {
        // keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('license-risk: cannot find its own package root');
    dir = parent;
  }
}

export function toolVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Reads one file of the shipped knowledge base (`data/…`, or a built table under `dist/`).
 * A compliance tool that quietly ran without its knowledge would report fewer findings and
 * pass: a missing or broken file is fatal (exit 2, one line naming it).
 */
export function readKnowledgeFile(relativePath: string): Buffer;
export function readKnowledgeFile(relativePath: string, encoding: 'utf8'): string;
export function readKnowledgeFile(relativePath: string, encoding?: 'utf8'): string | Buffer {
  try {
    const file = path.join(packageRoot(), relativePath);
    return encoding ? fs.readFileSync(file, encoding) : fs.readFileSync(file);
  } catch (err) {
    throw knowledgeBaseError(relativePath, (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err)));
  }
}

/** A knowledge-base JSON file, parsed; unreadable or invalid JSON is fatal. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- T is the caller's claim about a JSON file we ship
export function readKnowledgeJson<T>(relativePath: string): T {
  const text = readKnowledgeFile(relativePath, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw knowledgeBaseError(relativePath, `invalid JSON: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
}

function knowledgeBaseError(relativePath: string, why: string): FatalError {
  return new FatalError(`the knowledge base file ${relativePath} cannot be loaded (${why}); reinstall license-risk`);
}
