/** Reading one license file from disk for `license-risk identify` (size cap, encodings, binary). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes, MAX_FILE_BYTES, OPEN_READ_ONLY, readFdHead } from '../../read/fs';
import type { TextIdentification } from '../../types';
import { identifyText } from './identify';
import { unknown } from './parts';
import { roundConfidence } from '../../util/confidence';

function readHead(absPath: string): { buf: Buffer; size: number } {
  const fd = fs.openSync(absPath, OPEN_READ_ONLY);
  try {
    const size = fs.fstatSync(fd).size;
    return { buf: readFdHead(fd, Math.min(size, MAX_FILE_BYTES)), size };
  } finally {
    fs.closeSync(fd);
  }
}

const POINTED_FOLDERS = ['licenses', 'LICENSES', 'license', 'LICENSE', 'licences'];

/**
 * Identifies one file on disk for `license-risk identify`: reads at most 1 MB (and says so),
 * decodes UTF-8 / UTF-16, refuses binary content with a note; an unreadable file gets `error`.
 * When the text points to a sibling `licenses/` folder, the texts there are identified and
 * ANDed in (one level, at most 20 files).
 */
export function identifyFile(absPath: string): TextIdentification & { error?: string } {
  return identifyFileDepth(absPath, 0);
}

function identifyFileDepth(absPath: string, depth: number): TextIdentification & { error?: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const error = code === 'ENOENT' ? 'file not found' : code === 'ELOOP' ? 'symbolic link loop' : `cannot read (${code})`;
    return { ...unknown([error]), error };
  }
  if (stat.isDirectory()) return { ...unknown(['is a directory']), error: 'is a directory' };
  if (!stat.isFile()) return { ...unknown(['not a regular file']), error: 'not a regular file' };
  let head: { buf: Buffer; size: number };
  try {
    head = readHead(absPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    const error = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : `cannot read (${code})`;
    return { ...unknown([error]), error };
  }
  const { buf, size } = head;
  const truncated = size > MAX_FILE_BYTES;
  if (buf.length === 0) return unknown(['empty file']);
  const extraNotes: string[] = [];
  // The same decision as `check` makes (read/fs.ts), so both agree on every file.
  const decoded = decodeBytes(buf);
  if (decoded.binary) return unknown([`binary file (${size} bytes); not read as text`]);
  const text = decoded.text;
  if (decoded.encoding === 'utf-16') extraNotes.push('decoded as UTF-16');
  if (decoded.encoding === 'utf-16-no-bom') extraNotes.push('decoded as UTF-16 (no byte order mark)');
  if (decoded.encoding === 'utf-8' && text.includes('\uFFFD') && !buf.includes(Buffer.from([0xef, 0xbf, 0xbd]))) {
    extraNotes.push('invalid UTF-8 byte sequences were replaced');
  }
  const result = identifyText(text, { file: absPath, truncated });
  if (extraNotes.length) result.notes = [...result.notes, ...extraNotes].sort();
  if (depth === 0 && result.notes.some((n) => n.startsWith('pointer to licenses/ folder'))) {
    addPointedFolder(absPath, result);
  }
  return result;
}

function addPointedFolder(absPath: string, result: TextIdentification): void {
  const dir = path.dirname(absPath);
  const folder = POINTED_FOLDERS.map((name) => path.join(dir, name)).find((p) => {
    try {
      return fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
  if (!folder) return;
  let names: string[];
  try {
    names = fs.readdirSync(folder).sort().slice(0, 20);
  } catch {
    return;
  }
  const found: string[] = [];
  for (const name of names) {
    const sub = identifyFileDepth(path.join(folder, name), 1);
    if (!sub.expression) continue;
    found.push(`${path.basename(folder)}/${name}: ${sub.expression}`);
    const subIds = sub.expression.split(/\s+(?:AND|OR)\s+|[()]/).filter(Boolean);
    const present = result.expression ?? '';
    if (subIds.every((id) => new RegExp(`(?:^|[\\s(])${id.replace(/[.+]/g, '\\$&')}(?:$|[\\s)])`).test(present))) continue;
    result.expression = result.expression ? `${wrap(result.expression)} AND ${wrap(sub.expression)}` : sub.expression;
    // The folder's matches have line ranges in other files, so only the expression and a note carry over.
    result.confidence = roundConfidence(Math.min(result.confidence || 1, sub.confidence));
  }
  if (found.length) result.notes = [...result.notes, `licenses folder identified: ${found.join('; ')}`].sort();
}

function wrap(expression: string): string {
  return /\s(?:OR|AND)\s/.test(expression) && /\bOR\b/.test(expression) ? `(${expression})` : expression;
}
