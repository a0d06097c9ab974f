import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import { findExcessiveNesting, nestingMessage } from '../../nesting';
import type { Diagnostic, ReadContext, SourceLocation } from '../../../types';
import type { DependencyGraph, FetchedAs, GraphEdge, GraphNode, NpmProject } from './model';
import { LOCKFILE_MAX_BYTES, type LockRead } from './package-lock';
import { aliasTarget, dependencyEdges, dirOf, isRecord, joinRel, splitAtVersion } from './util';

/**
 * Reads `yarn.lock`: classic v1 (yarn's own indented format) or berry (YAML with
 * `__metadata`). Neither records licenses or dev flags; scopes come from walking the graph
 * from the manifests. Entries are keyed by the descriptors that resolve to them
 * (`"a@^1", a@^1.1:`), so a manifest's `name` + `range` finds its package directly.
 */
export async function readYarnLock(ctx: ReadContext, file: string, projects: NpmProject[]): Promise<LockRead> {
  const read = await ctx.fs.readText(file, { maxBytes: LOCKFILE_MAX_BYTES });
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const berry = /^__metadata:/m.test(read.text);
  const parsed = berry ? parseBerry(read.text, file) : parseClassic(read.text, file);
  if ('diagnostic' in parsed) return { diagnostics: [parsed.diagnostic] };
  return { graph: buildGraph(file, parsed, projects, berry), diagnostics: [] };
}

interface YarnEntry {
  /** Descriptors in the header (`name@range`). */
  descriptors: string[];
  /** Node key: berry's `resolution`, or `name@version` for classic. */
  key: string;
  name: string;
  version: string;
  edges: GraphEdge[];
  location: SourceLocation;
  /** Berry workspace entry: the folder (relative to the lockfile) it stands for. */
  workspace?: string;
  fetched?: FetchedAs;
}

type Parsed = { entries: YarnEntry[] } | { diagnostic: Diagnostic };

function invalid(file: string, message: string, line?: number, column?: number): { diagnostic: Diagnostic } {
  return { diagnostic: { code: 'invalid-lockfile', severity: 'warn', file, message, line, column } };
}

// ---------------------------------------------------------------------------------------------
// classic (v1)

interface ClassicBlock {
  header: string;
  line: number;
  column: number;
  fields: Map<string, string | Map<string, string>>;
}

/** Reads one possibly-quoted token from the start of `s`; returns it and the rest. */
function readToken(s: string): { token: string; rest: string } | undefined {
  if (s.startsWith('"')) {
    let i = 1;
    while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    if (i >= s.length) return undefined;
    let token: string;
    try {
      token = JSON.parse(s.slice(0, i + 1)) as string;
    } catch {
      return undefined;
    }
    return { token, rest: s.slice(i + 1).trimStart() };
  }
  const m = /^\S+/.exec(s);
  if (!m) return undefined;
  return { token: m[0], rest: s.slice(m[0].length).trimStart() };
}

function parseClassic(text: string, file: string): Parsed {
  const lines = text.split(/\r?\n/);
  const blocks: ClassicBlock[] = [];
  let current: ClassicBlock | undefined;
  let nested: Map<string, string> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const content = raw.trim();
    if (indent === 0) {
      if (!content.endsWith(':')) return invalid(file, `line ${i + 1}: expected an entry header ending with ":"`, i + 1, 1);
      current = { header: content.slice(0, -1), line: i + 1, column: 1, fields: new Map() };
      nested = undefined;
      blocks.push(current);
      continue;
    }
    if (!current) return invalid(file, `line ${i + 1}: indented line outside an entry`, i + 1, indent + 1);
    const key = readToken(content);
    if (!key) return invalid(file, `line ${i + 1}: cannot read "${content}"`, i + 1, indent + 1);
    const opensBlock = (key.rest === '' && key.token.endsWith(':')) || key.rest === ':';
    if (indent <= 2) {
      nested = undefined;
      if (opensBlock) {
        nested = new Map();
        current.fields.set(key.token.replace(/:$/, ''), nested);
      } else {
        const value = readToken(key.rest);
        current.fields.set(key.token, value ? value.token : key.rest);
      }
    } else {
      if (!nested) return invalid(file, `line ${i + 1}: unexpected indentation`, i + 1, indent + 1);
      const value = readToken(key.rest);
      nested.set(key.token.replace(/:$/, ''), value ? value.token : key.rest);
    }
  }
  const entries: YarnEntry[] = [];
  for (const block of blocks) {
    const descriptors = splitHeader(block.header);
    const version = block.fields.get('version');
    const first = descriptors.length > 0 ? splitAtVersion(descriptors[0]) : undefined;
    // An entry without a version or a readable name resolves nothing; the rest of the lock still does.
    if (!first || typeof version !== 'string') continue;
    const name = aliasTarget(first.rest)?.name ?? first.name;
    const edges: GraphEdge[] = [];
    for (const [field, kind] of [
      ['dependencies', 'prod'],
      ['optionalDependencies', 'optional'],
    ] as const) {
      const deps = block.fields.get(field);
      if (deps instanceof Map) {
        for (const [depName, range] of [...deps.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) edges.push({ name: depName, range, kind });
      }
    }
    entries.push({
      descriptors,
      key: `${name}@${version}`,
      name,
      version,
      edges,
      location: { file, line: block.line, column: block.column },
      fetched: classicFetched(block.fields),
    });
  }
  return { entries };
}

function classicFetched(fields: Map<string, string | Map<string, string>>): FetchedAs | undefined {
  const resolved = fields.get('resolved');
  const integrity = fields.get('integrity');
  if (typeof resolved !== 'string' && typeof integrity !== 'string') return undefined;
  return { ...(typeof resolved === 'string' ? { resolved } : {}), ...(typeof integrity === 'string' ? { integrity } : {}) };
}

/** `"a@^1", a@^1.1` → [`a@^1`, `a@^1.1`]. */
function splitHeader(header: string): string[] {
  const out: string[] = [];
  let rest = header.trim();
  while (rest) {
    const tok = readToken(rest);
    if (!tok) break;
    out.push(tok.token.replace(/,$/, ''));
    rest = tok.rest.replace(/^,\s*/, '');
  }
  return out.filter((d) => d !== '');
}

// ---------------------------------------------------------------------------------------------
// berry

function parseBerry(text: string, file: string): Parsed {
  const tooDeep = findExcessiveNesting(text, undefined, { singleQuotes: true });
  if (tooDeep >= 0) {
    const { message, line, column } = nestingMessage(text, tooDeep);
    return { diagnostic: { code: 'too-deep', severity: 'error', file, message, line, column } };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lineCounter.linePos(err.pos[0]);
    return invalid(file, `invalid YAML: ${err.message.split('\n')[0]}`, pos.line, pos.col);
  }
  if (!isMap(doc.contents)) return invalid(file, 'yarn.lock is not a YAML mapping');
  const entries: YarnEntry[] = [];
  for (const pair of doc.contents.items as Pair[]) {
    const header = isScalar(pair.key) ? String(pair.key.value) : '';
    if (header === '__metadata' || header === '') continue;
    const value: unknown = pair.value && typeof (pair.value as { toJSON?: unknown }).toJSON === 'function' ? (pair.value as { toJSON(): unknown }).toJSON() : undefined;
    if (!isRecord(value)) continue;
    const resolution = typeof value.resolution === 'string' ? value.resolution : undefined;
    // YAML reads `version: 1.10` as a number; yarn means the digits.
    const version = typeof value.version === 'string' ? value.version : typeof value.version === 'number' ? String(value.version) : '';
    const parsedName = splitAtVersion(resolution ?? header.split(',')[0].trim());
    if (!parsedName) continue;
    const offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : 0;
    const pos = lineCounter.linePos(offset);
    const optional = new Set(
      Object.entries(isRecord(value.dependenciesMeta) ? value.dependenciesMeta : {})
        .filter(([, meta]) => isRecord(meta) && meta.optional === true)
        .map(([depName]) => depName),
    );
    const edges = dependencyEdges(value, (depName) => optional.has(depName));
    const workspace = resolution && parsedName.rest.startsWith('workspace:') ? parsedName.rest.slice('workspace:'.length) : undefined;
    entries.push({
      descriptors: header.split(',').map((d) => d.trim()).filter(Boolean),
      key: resolution ?? header,
      name: parsedName.name,
      version,
      edges,
      location: { file, line: pos.line, column: pos.col },
      workspace,
      ...(typeof value.checksum === 'string' ? { fetched: { checksum: value.checksum } } : {}),
    });
  }
  return { entries };
}

// ---------------------------------------------------------------------------------------------

function buildGraph(file: string, parsed: { entries: YarnEntry[] }, projects: NpmProject[], berry: boolean): DependencyGraph {
  const lockDir = dirOf(file);
  const nodes = new Map<string, GraphNode>();
  const byDescriptor = new Map<string, string>();
  for (const entry of parsed.entries) {
    for (const d of entry.descriptors) byDescriptor.set(d, entry.key);
    if (nodes.has(entry.key)) continue;
    const node: GraphNode = {
      key: entry.key,
      name: entry.name,
      version: entry.version,
      edges: entry.edges,
      location: entry.location,
      evidence: [],
    };
    if (entry.fetched) node.fetched = entry.fetched;
    if (entry.workspace !== undefined) node.projectDir = joinRel(lockDir, entry.workspace);
    nodes.set(entry.key, node);
  }
  const resolve = (name: string, range: string): string | undefined => {
    const direct = byDescriptor.get(`${name}@${range}`);
    if (direct) return direct;
    // Berry writes registry ranges with their protocol (`npm:^1.0.0`); manifests do not.
    if (berry && !/^[a-z]+:/.test(range)) return byDescriptor.get(`${name}@npm:${range}`);
    return undefined;
  };
  for (const node of nodes.values()) for (const edge of node.edges) edge.target = resolve(edge.name, edge.range);
  const importers = new Map<string, GraphEdge[]>();
  for (const project of projects) {
    if (project.workspaceRoot !== lockDir) continue;
    importers.set(
      project.dir,
      project.edges.map((edge) => ({ name: edge.name, range: edge.range, kind: edge.kind, target: resolve(edge.name, edge.range) })),
    );
  }
  return { source: file, kind: 'lockfile', nodes, importers, packageManager: berry ? 'yarn-berry' : 'yarn-classic' };
}
