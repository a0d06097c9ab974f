/**
 * go.mod as the go command reads it (https://go.dev/ref/mod#go-mod-file): line-oriented
 * directives, optionally grouped in `( … )` blocks, `//` comments. Only what license work
 * needs: module, go, require (with `// indirect`), replace, exclude.
 */
export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
  column: number;
}

export interface GoReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  /** Absent when the replacement is a local directory. */
  newVersion?: string;
  line: number;
}

export interface GoModFile {
  module?: { path: string; line: number; column: number };
  goVersion?: string;
  requires: GoRequire[];
  replaces: GoReplace[];
  excludes: { path: string; version: string }[];
  errors: { line: number; message: string }[];
}

function unquote(token: string): string {
  if (token.startsWith('"') && token.endsWith('"')) {
    try {
      return JSON.parse(token) as string;
    } catch {
      return token.slice(1, -1);
    }
  }
  if (token.startsWith('`') && token.endsWith('`')) return token.slice(1, -1);
  return token;
}

function tokenize(text: string): { tokens: string[]; columns: number[] } {
  const tokens: string[] = [];
  const columns: number[] = [];
  const re = /"(?:[^"\\]|\\.)*"|`[^`]*`|=>|[^\s]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    tokens.push(m[0]);
    columns.push(m.index + 1);
  }
  return { tokens, columns };
}

export function parseGoMod(text: string): GoModFile {
  const out: GoModFile = { requires: [], replaces: [], excludes: [], errors: [] };
  const lines = text.split(/\r?\n/);
  let block: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const commentAt = raw.indexOf('//');
    const comment = commentAt >= 0 ? raw.slice(commentAt + 2).trim() : '';
    const code = commentAt >= 0 ? raw.slice(0, commentAt) : raw;
    const { tokens, columns } = tokenize(code);
    if (tokens.length === 0) continue;
    const lineNo = i + 1;
    if (block) {
      if (tokens[0] === ')') {
        block = null;
        continue;
      }
      handle(block, tokens, columns, comment, lineNo);
      continue;
    }
    const verb = tokens[0];
    if (tokens[1] === '(') {
      block = verb;
      continue;
    }
    handle(verb, tokens.slice(1), columns.slice(1), comment, lineNo);
  }
  if (block) out.errors.push({ line: lines.length, message: `unterminated "${block} (" block` });
  return out;

  function handle(verb: string, args: string[], cols: number[], comment: string, line: number): void {
    switch (verb) {
      case 'module':
        if (args[0]) out.module = { path: unquote(args[0]), line, column: cols[0] };
        break;
      case 'go':
        out.goVersion = args[0];
        break;
      case 'require':
        if (args.length < 2) {
          out.errors.push({ line, message: 'require needs a module path and a version' });
          break;
        }
        out.requires.push({
          path: unquote(args[0]),
          version: unquote(args[1]),
          indirect: /(^|;)\s*indirect\s*(;|$)/.test(comment),
          line,
          column: cols[0],
        });
        break;
      case 'replace': {
        const arrow = args.indexOf('=>');
        if (arrow < 1 || arrow > 2 || args.length < arrow + 2) {
          out.errors.push({ line, message: 'malformed replace directive' });
          break;
        }
        const r: GoReplace = { oldPath: unquote(args[0]), newPath: unquote(args[arrow + 1]), line };
        if (arrow === 2) r.oldVersion = unquote(args[1]);
        if (args[arrow + 2]) r.newVersion = unquote(args[arrow + 2]);
        out.replaces.push(r);
        break;
      }
      case 'exclude':
        if (args.length >= 2) out.excludes.push({ path: unquote(args[0]), version: unquote(args[1]) });
        break;
      default:
        // toolchain, retract, godebug, tool, ignore: nothing to do with licenses.
        break;
    }
  }
}

/** Go module cache escaping: each upper-case letter becomes `!` + its lower case. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase());
}

/** A replacement target that is a directory (`./x`, `../x`, `/abs`) rather than a module. */
export function isLocalPath(p: string): boolean {
  return p.startsWith('./') || p.startsWith('../') || p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p === '.' || p === '..';
}
