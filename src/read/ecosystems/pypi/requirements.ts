import * as path from 'node:path';
import type { Diagnostic, ReadContext, Scope, SourceLocation } from '../../../types';
import { diag } from '../shared/diagnostics';
import { readCheckoutText, dirOf } from '../shared/parse';
import { normalizePypiName } from '../shared/purl';

/** One PEP 508 requirement, as far as license work needs it. */
export interface Requirement {
  /** PEP 503-normalised name. */
  name: string;
  /** The specifier as written (`>=2,<3`, `==1.2.3`, `@ https://…`), '' when none. */
  specifier: string;
  /** The exact version when the specifier pins one (`==1.2.3`, `===1.2.3`). */
  pinned?: string;
  extras: string[];
  marker?: string;
}

const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

/** Parses a PEP 508 string; undefined when it names no package (paths, bare URLs). */
export function parseRequirement(raw: string): Requirement | undefined {
  let text = raw.trim();
  if (!text) return undefined;
  let marker: string | undefined;
  // In `name @ url ; marker` the marker needs whitespace before `;` (a URL may contain one).
  const semi = /\s@\s/.test(text) ? text.search(/\s;/) : text.indexOf(';');
  if (semi >= 0) {
    marker = text.slice(semi + 1).replace(/^;/, '').trim();
    text = text.slice(0, semi).trim();
  }
  const m = REQUIREMENT.exec(text);
  if (!m) return undefined;
  const extras = m[2] ? m[2].slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean) : [];
  let specifier = m[3].trim();
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1).trim();
  if (specifier && !/^(@|[<>=!~])/.test(specifier)) return undefined;
  const pin = /^===?\s*([^\s,*;]+)$/.exec(specifier);
  const req: Requirement = { name: normalizePypiName(m[1]), specifier, extras };
  if (pin) req.pinned = pin[1];
  if (marker) req.marker = marker;
  return req;
}

/** Whether a requirements file name says it is for development (`requirements-dev.txt`, `dev-requirements.txt`, `requirements/test.txt`). */
export function isDevRequirementsFile(rel: string): boolean {
  const base = path.posix.basename(rel).toLowerCase();
  const dir = path.posix.basename(dirOf(rel)).toLowerCase();
  const words = base.replace(/\.txt$/, '').split(/[-_.]/);
  const devWords = ['dev', 'develop', 'development', 'test', 'tests', 'testing', 'lint', 'docs', 'doc', 'ci', 'typing'];
  if (words.some((w) => devWords.includes(w))) return true;
  return dir === 'requirements' && devWords.includes(words[0]);
}

export interface RequirementLine {
  requirement: Requirement;
  location: SourceLocation;
  /** The requirements file the line is in (may be an included file). */
  file: string;
  scope: Scope;
}

/**
 * Reads a requirements file and the files it includes with `-r` (confined to the checkout,
 * each file once). Scope comes from the name of the file that was listed first, so
 * `requirements-dev.txt` including `requirements.txt` does not make prod dependencies dev:
 * an included file keeps its own scope when it is itself a manifest.
 */
export async function readRequirementsFile(
  ctx: ReadContext,
  rel: string,
  diagnostics: Diagnostic[],
  visited: Set<string> = new Set(),
): Promise<RequirementLine[]> {
  if (visited.has(rel)) return [];
  visited.add(rel);
  const text = await readCheckoutText(ctx, rel, diagnostics);
  if (text === undefined) return [];
  const scope: Scope = isDevRequirementsFile(rel) ? 'dev' : 'prod';
  const out: RequirementLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i];
    // Joined continuation lines (`\` at the end).
    while (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, ' ') + lines[++i];
    const commentAt = line.search(/(^|\s)#/);
    const content = (commentAt >= 0 ? line.slice(0, commentAt) : line).trim();
    if (!content) continue;
    const column = lines[startLine - 1].search(/\S/) + 1;
    const include = /^(?:-r|--requirement)(?:\s+|=)(\S+)/.exec(content);
    if (include) {
      const target = path.posix.normalize(path.posix.join(dirOf(rel), include[1]));
      if (target.startsWith('../') || path.posix.isAbsolute(target)) {
        diagnostics.push(diag('path-escape', rel, `"-r ${include[1]}" points outside the checkout; not read`, { line: startLine, column }));
        continue;
      }
      if (!ctx.fs.exists(target)) {
        diagnostics.push(diag('not-found', rel, `included requirements file "${include[1]}" not found`, { line: startLine, column }));
        continue;
      }
      const nested = await readRequirementsFile(ctx, target, diagnostics, visited);
      // Each included line keeps the scope its own file name gives it.
      out.push(...nested);
      continue;
    }
    if (content.startsWith('-')) {
      // `-e git+https://…#egg=name` names a package; other options (-c, -i, --hash…) do not.
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(line);
      if (/^(-e|--editable)\b/.test(content) && egg) {
        const req = parseRequirement(egg[1]);
        if (req) out.push({ requirement: req, location: { file: rel, line: startLine, column }, file: rel, scope });
      }
      continue;
    }
    const spec = content.replace(/\s--hash[=\s]\S+/g, '').trim();
    if (/^[a-z+]+:\/\//i.test(spec) || spec.startsWith('.') || spec.startsWith('/')) {
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(line);
      const req = egg ? parseRequirement(egg[1]) : undefined;
      if (req) out.push({ requirement: req, location: { file: rel, line: startLine, column }, file: rel, scope });
      continue;
    }
    const req = parseRequirement(spec);
    if (!req) {
      diagnostics.push(diag('invalid-requirement', rel, `cannot parse requirement "${spec}"`, { line: startLine, column }, 'info'));
      continue;
    }
    out.push({ requirement: req, location: { file: rel, line: startLine, column }, file: rel, scope });
  }
  return out;
}
