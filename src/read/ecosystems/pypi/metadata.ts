/**
 * Core metadata (METADATA / PKG-INFO, https://packaging.python.org/specifications/core-metadata/):
 * RFC 822-style headers, continuation lines indented, then a blank line and the description.
 */
export interface CoreMetadata {
  /** Header name (lower-cased) → values in order, with the line each starts on. */
  headers: Map<string, { value: string; line: number }[]>;
}

export function parseCoreMetadata(text: string): CoreMetadata {
  const headers = new Map<string, { value: string; line: number }[]>();
  const lines = text.split(/\r?\n/);
  let last: { value: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line)) {
      // Continuation of the previous header (e.g. a multi-line License: text).
      if (last) last.value += '\n' + line.replace(/^( {8}|\t|[ \t]*\|?)/, '');
      continue;
    }
    const m = /^([A-Za-z0-9-]+):[ \t]?(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    last = { value: m[2], line: i + 1 };
    let list = headers.get(key);
    if (!list) headers.set(key, (list = []));
    list.push(last);
  }
  for (const list of headers.values()) for (const h of list) h.value = h.value.trimEnd();
  return { headers };
}

export function firstHeader(meta: CoreMetadata, name: string): { value: string; line: number } | undefined {
  return meta.headers.get(name.toLowerCase())?.[0];
}

export function allHeaders(meta: CoreMetadata, name: string): { value: string; line: number }[] {
  return meta.headers.get(name.toLowerCase()) ?? [];
}

/** A setup.cfg section: keys (lower-cased) → raw value with its line. */
export type IniSections = Map<string, Map<string, { value: string; line: number; column: number }>>;

/**
 * setup.cfg as configparser reads it: `[section]`, `key = value` or `key: value`, indented
 * continuation lines appended with newlines, `#`/`;` comment lines.
 */
export function parseSetupCfg(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, { value: string; line: number; column: number }> | undefined;
  let lastKey: { value: string; line: number; column: number } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*[#;]/.test(line)) continue;
    const section = /^\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      const name = section[1].trim().toLowerCase();
      current = sections.get(name);
      if (!current) sections.set(name, (current = new Map<string, { value: string; line: number; column: number }>()));
      lastKey = undefined;
      continue;
    }
    if (/^\s+\S/.test(line) && lastKey) {
      lastKey.value += '\n' + line.trim();
      continue;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && current) {
      lastKey = { value: kv[2].trim(), line: i + 1, column: 1 };
      current.set(kv[1].trim().toLowerCase().replace(/-/g, '_'), lastKey);
    } else if (line.trim() === '') {
      // Blank lines end nothing in configparser, but a value never continues past a new key.
    }
  }
  return sections;
}

/** Splits a multi-line / comma-separated setup.cfg list value, each item with its line. */
export function splitCfgList(entry: { value: string; line: number }, separators = /\n/): { item: string; line: number }[] {
  const out: { item: string; line: number }[] = [];
  entry.value.split('\n').forEach((part, idx) => {
    for (const piece of part.split(separators)) {
      const item = piece.replace(/\s+#.*$/, '').trim();
      if (item) out.push({ item, line: entry.line + idx });
    }
  });
  return out;
}
