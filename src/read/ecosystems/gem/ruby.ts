/**
 * Ruby files are never evaluated: gemspecs and Gemfiles are read with patterns for the
 * literal forms people (and `gem build`, for installed specifications) actually write.
 */

/** Ruby string literals in `text`: "…", '…', %q(…), %w[…] items; `.freeze` ignored. */
export function rubyStrings(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|%[wW][[({<]([^\])}>]*)[\])}>]|%[qQ]?[[({<]([^\])}>]*)[\])}>]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) out.push(m[1].replace(/\\(.)/g, '$1'));
    else if (m[2] !== undefined) out.push(m[2].replace(/\\(['\\])/g, '$1'));
    else if (m[3] !== undefined) out.push(...m[3].split(/\s+/).filter(Boolean));
    else if (m[4] !== undefined) out.push(m[4]);
  }
  return out;
}

export interface GemspecAttribute {
  values: string[];
  line: number;
  column: number;
}

export interface GemspecDependency {
  name: string;
  requirements: string[];
  kind: 'runtime' | 'development';
  line: number;
  column: number;
}

export interface ParsedGemspec {
  attributes: Map<string, GemspecAttribute>;
  dependencies: GemspecDependency[];
}

/** `spec.license = "MIT"`, `s.licenses = ["MIT".freeze]`, `s.add_dependency "x", "~> 1"`, … */
export function parseGemspec(text: string): ParsedGemspec {
  const attributes = new Map<string, GemspecAttribute>();
  const dependencies: GemspecDependency[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/(^|\s)#.*$/, '');
    const attr = /^\s*\w+\.(\w+)\s*=\s*(.+)$/.exec(line);
    if (attr) {
      let value = attr[2];
      // Arrays may span lines: read until the bracket closes.
      let j = i;
      while ((value.match(/\[/g) ?? []).length > (value.match(/\]/g) ?? []).length && j + 1 < lines.length) value += ' ' + lines[++j];
      attributes.set(attr[1], { values: rubyStrings(value), line: i + 1, column: lines[i].search(/\S/) + 1 });
      continue;
    }
    const dep = /^\s*\w+\.add_(runtime_|development_)?dependency[\s(]+(.+)$/.exec(line);
    if (dep) {
      const strings = rubyStrings(dep[2]);
      if (strings.length === 0) continue;
      dependencies.push({
        name: strings[0],
        requirements: strings.slice(1),
        kind: dep[1] === 'development_' ? 'development' : 'runtime',
        line: i + 1,
        column: lines[i].search(/\S/) + 1,
      });
    }
  }
  return { attributes, dependencies };
}

export interface GemfileEntry {
  name: string;
  requirements: string[];
  groups: string[];
  line: number;
  column: number;
}

/** `gem "x", "~> 1", group: :test` lines, inside `group :development, :test do … end` blocks. */
export function parseGemfile(text: string): { gems: GemfileEntry[]; usesGemspec: boolean } {
  const gems: GemfileEntry[] = [];
  const groupStack: { groups: string[] | null }[] = [];
  let usesGemspec = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '');
    const trimmed = line.trim();
    if (!trimmed) return;
    if (/^gemspec\b/.test(trimmed)) usesGemspec = true;
    const group = /^group\s*\(?\s*(.+?)\)?\s+do\b/.exec(trimmed);
    if (group) {
      groupStack.push({ groups: [...group[1].matchAll(/:(\w+)|["'](\w+)["']/g)].map((m) => m[1] ?? m[2]) });
      return;
    }
    if (/\bdo(\s*\|[^|]*\|)?\s*$/.test(trimmed)) {
      groupStack.push({ groups: null });
      return;
    }
    if (/^end\b/.test(trimmed)) {
      groupStack.pop();
      return;
    }
    const gem = /^gem[\s(]+(.+)$/.exec(trimmed);
    if (!gem) return;
    const strings = rubyStrings(gem[1].replace(/\b\w+:\s*(\[[^\]]*\]|:\w+|["'][^"']*["']|\w+)/g, ''));
    if (strings.length === 0) return;
    const inline = /\bgroups?:\s*(\[[^\]]*\]|:\w+)/.exec(gem[1]);
    const groups = groupStack.flatMap((g) => g.groups ?? []);
    if (inline) groups.push(...[...inline[1].matchAll(/:(\w+)/g)].map((m) => m[1]));
    gems.push({ name: strings[0], requirements: strings.slice(1), groups, line: i + 1, column: raw.search(/\S/) + 1 });
  });
  return { gems, usesGemspec };
}

export interface LockedGem {
  name: string;
  version: string;
  /** `ruby`, `x86_64-linux`, … when the version carries a platform. */
  platform?: string;
  deps: string[];
  line: number;
  section: string;
}

/** Gemfile.lock: GEM/GIT/PATH `specs:` (4 spaces: gems, 6: their deps), DEPENDENCIES (2 spaces). */
export function parseGemfileLock(text: string): { specs: LockedGem[]; dependencies: { name: string; line: number }[] } {
  const specs: LockedGem[] = [];
  const dependencies: { name: string; line: number }[] = [];
  let section = '';
  let current: LockedGem | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (/^[A-Z]/.test(line)) {
      section = line.trim();
      current = undefined;
      return;
    }
    if (section === 'GEM' || section === 'GIT' || section === 'PATH' || section === 'PLUGIN SOURCE') {
      const spec = /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line);
      if (spec) {
        const [version, ...platform] = splitPlatform(spec[2]);
        current = { name: spec[1], version, deps: [], line: i + 1, section };
        if (platform[0]) current.platform = platform[0];
        specs.push(current);
        return;
      }
      const dep = /^ {6}([^\s(]+)/.exec(line);
      if (dep && current) current.deps.push(dep[1]);
      return;
    }
    if (section === 'DEPENDENCIES') {
      const dep = /^ {2}([^\s(!]+)/.exec(line);
      if (dep) dependencies.push({ name: dep[1], line: i + 1 });
    }
  });
  return { specs, dependencies };
}

/** `1.16.5-x86_64-linux` → [`1.16.5`, `x86_64-linux`]; prerelease versions (`1.0.0.pre`) stay whole. */
function splitPlatform(v: string): [string, string?] {
  const m = /^(\d[^-]*)-(.+)$/.exec(v.trim());
  return m ? [m[1], m[2]] : [v.trim()];
}
