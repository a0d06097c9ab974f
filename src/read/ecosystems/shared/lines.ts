import type { SourceLocation } from '../../../types';

/**
 * Small line scanners for formats whose parsers give no positions (TOML via smol-toml,
 * XML via fast-xml-parser, line formats). They only locate; parsing is the parser's job.
 */
export class TextLines {
  readonly lines: string[];

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  at(line: number, column = 1): SourceLocation {
    return { file: this.file, line, column };
  }

  /** First line (1-based, from `fromLine`) matching `re`; column of the match (or of group 1). */
  find(re: RegExp, fromLine = 1, toLine = this.lines.length): SourceLocation | undefined {
    for (let i = Math.max(0, fromLine - 1); i < Math.min(toLine, this.lines.length); i++) {
      const m = re.exec(this.lines[i]);
      if (!m) continue;
      let column = m.index + 1;
      if (m[1] !== undefined) {
        const inner = m[0].indexOf(m[1]);
        if (inner >= 0) column = m.index + inner + 1;
      }
      return this.at(i + 1, column);
    }
    return undefined;
  }

  /** Location of a literal substring, first occurrence from `fromLine`. */
  findText(needle: string, fromLine = 1, toLine = this.lines.length): SourceLocation | undefined {
    for (let i = Math.max(0, fromLine - 1); i < Math.min(toLine, this.lines.length); i++) {
      const idx = this.lines[i].indexOf(needle);
      if (idx >= 0) return this.at(i + 1, idx + 1);
    }
    return undefined;
  }

  start(): SourceLocation {
    return this.at(1, 1);
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits a TOML dotted key / header into its parts, unquoting quoted parts. */
export function splitTomlKey(raw: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const s = raw.trim();
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    let part = '';
    if (s[i] === '"' || s[i] === "'") {
      const quote = s[i++];
      while (i < s.length && s[i] !== quote) {
        if (quote === '"' && s[i] === '\\' && i + 1 < s.length) i++;
        part += s[i++];
      }
      i++;
    } else {
      while (i < s.length && s[i] !== '.' && s[i] !== ' ' && s[i] !== '\t') part += s[i++];
    }
    parts.push(part);
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] === '.') i++;
    else break;
  }
  return parts;
}

interface TomlTable {
  /** Dotted path joined with `.` (parts unquoted). */
  path: string;
  isArray: boolean;
  /** 1-based header line (0 for the implicit root table). */
  line: number;
  /** Last line (inclusive) before the next header. */
  end: number;
}

const HEADER = /^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$/;
const KEY_LINE = /^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=/;

/**
 * Where TOML tables and keys sit. Handles `[a.b]`, `[[a]]`, quoted parts and keys whose
 * dotted prefix continues the table path (`dependencies.serde = ...` under the root).
 * Multi-line strings are skipped so their content is not taken for headers.
 */
export class TomlLocator extends TextLines {
  readonly tables: TomlTable[] = [];
  /** Per line: the dotted key defined on that line (relative to the table) if any. */
  private readonly keyAt = new Map<number, string[]>();

  constructor(file: string, text: string) {
    super(file, text);
    let current: TomlTable = { path: '', isArray: false, line: 0, end: this.lines.length };
    this.tables.push(current);
    let inMultiline: string | null = null;
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i];
      if (inMultiline) {
        if (line.includes(inMultiline)) inMultiline = null;
        continue;
      }
      const header = HEADER.exec(line);
      if (header && !/^\s*\[\s*\]/.test(line) && !KEY_LINE.test(line)) {
        current.end = i;
        current = { path: splitTomlKey(header[2]).join('.'), isArray: header[1] === '[[', line: i + 1, end: this.lines.length };
        this.tables.push(current);
        continue;
      }
      const key = KEY_LINE.exec(line);
      if (key) {
        this.keyAt.set(i + 1, splitTomlKey(key[1]));
        const rest = line.slice(key[0].length);
        for (const q of ['"""', "'''"]) {
          const first = rest.indexOf(q);
          if (first >= 0 && rest.indexOf(q, first + 3) < 0) inMultiline = q;
        }
      }
    }
  }

  /** Tables with this exact path, in file order. */
  tablesNamed(path: string): TomlTable[] {
    return this.tables.filter((t) => t.path === path);
  }

  /**
   * Location of `key` inside table `tablePath` (or of `tablePath.key` written as a dotted key
   * in a parent table). `tableIndex` picks among repeated `[[array]]` tables.
   */
  findKey(tablePath: string, key: string, tableIndex?: number): SourceLocation | undefined {
    const want = tablePath ? `${tablePath}.${key}` : key;
    const candidates = tableIndex === undefined ? this.tables : [this.tablesNamed(tablePath)[tableIndex]].filter(Boolean);
    for (const t of candidates) {
      const prefix = t.path ? t.path + '.' : '';
      if (!want.startsWith(prefix)) continue;
      const relative = want.slice(prefix.length);
      for (let ln = t.line + 1; ln <= t.end; ln++) {
        const parts = this.keyAt.get(ln);
        if (!parts) continue;
        const joined = parts.join('.');
        if (joined === relative || relative.startsWith(joined + '.') || joined.startsWith(relative + '.')) {
          return this.at(ln, this.lines[ln - 1].search(/\S/) + 1);
        }
      }
    }
    // `[tablePath.key]` written as its own table.
    const own = this.tablesNamed(want)[0];
    if (own) return this.at(own.line, this.lines[own.line - 1].search(/\S/) + 1);
    return undefined;
  }

  /** Location of the header of the `index`-th table called `path`. */
  tableHeader(path: string, index = 0): SourceLocation | undefined {
    const t = this.tablesNamed(path)[index];
    return t ? this.at(t.line, this.lines[t.line - 1].search(/\S/) + 1) : undefined;
  }

  /** First line inside table `path` (any occurrence) containing `needle`. */
  findInTable(path: string, needle: string): SourceLocation | undefined {
    for (const t of this.tablesNamed(path)) {
      const loc = this.findText(needle, t.line + 1, t.end);
      if (loc) return loc;
    }
    return undefined;
  }

  /** Simple `key = "value"` pairs of each `[[path]]` table, with its header line: for lockfiles. */
  arrayTables(path: string): { line: number; values: Record<string, string> }[] {
    return this.tablesNamed(path)
      .filter((t) => t.isArray)
      .map((t) => {
        const values: Record<string, string> = {};
        for (let ln = t.line + 1; ln <= t.end; ln++) {
          const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(this.lines[ln - 1]);
          if (m && values[m[1]] === undefined) values[m[1]] = m[2];
        }
        return { line: t.line, values };
      });
  }
}
