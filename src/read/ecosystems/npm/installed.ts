import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, LicenseEvidence, ReadContext } from '../../../types';
import { readJsonWithPositions, type FastJsonRead } from './json-positions';
import type { DependencyGraph, GraphEdge, GraphNode, NpmProject } from './model';
import { compareStrings, dependencyEdges, dirOf, isRecord, joinRel } from './util';
import type { DiagnosticCode } from '../../../diagnostics/codes';
import { joinUnderRoot } from '../../fs';

/**
 * License files shipped in a package folder: LICENSE*, LICENCE*, COPYING*, UNLICENSE*, in any
 * case, with or without a suffix (`LICENSE-MIT`, `license.md`), and a PATENTS grant beside them
 * (Facebook's "BSD + Patents"). NOTICE is not a license.
 */
const LICENSE_FILE_NAME = /^(un)?licen[cs]e(s)?([-._ ].*)?$|^copying([-._ ].*)?$|^patents$/i;
/** Code and data files that happen to be named like a license (`license.js`) are not texts. */
const NOT_A_TEXT = /\.(js|mjs|cjs|ts|mts|cts|jsx|tsx|json|map|node|coffee|sh|py|ya?ml|png|jpe?g|gif|svg|d\.ts)$/i;
/** Folders that hold license texts (`licenses/MIT.txt`). */
const LICENSE_DIR_NAME = /^licen[cs]es$/i;

/** The members of an installed package.json that `visit` reads; the rest is only checked to be JSON. */
const MANIFEST_MEMBERS: ReadonlySet<string> = new Set(['name', 'version', 'license', 'licenses', 'dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta']);

/** The keys of an installed package.json whose positions are reported. */
const isLocatedKey = (p: readonly string[]) => p.length === 1 && (p[0] === 'name' || p[0] === 'license' || p[0] === 'licenses');

type EntryKind = 'dir' | 'link' | 'other';

/** `node_modules/@s/a` → `@s/a`; `node_modules/.pnpm/a@1/node_modules/a` → `a`. */
function nameFromFolder(real: string): string | undefined {
  const at = real.lastIndexOf('node_modules/');
  return at < 0 ? undefined : real.slice(at + 'node_modules/'.length) || undefined;
}

export function isPackageLicenseFile(name: string): boolean {
  return LICENSE_FILE_NAME.test(name) && !NOT_A_TEXT.test(name);
}

/**
 * Walks installed `node_modules` trees. Starting from each project's declared dependencies it
 * follows Node's own lookup (nearest `node_modules` upwards from the package's real folder),
 * which also covers pnpm's `.pnpm/<name>@<version>/node_modules/<name>` layout and its links.
 * Every folder is keyed by its real path, so a package linked from several places is read once
 * and link loops end. Packages on disk that nothing reaches are listed afterwards.
 */
export async function readInstalledTrees(
  ctx: ReadContext,
  trees: string[],
  projects: NpmProject[],
): Promise<{ graph: DependencyGraph; diagnostics: Diagnostic[] }> {
  const walker = new InstalledWalker(ctx, new Set(projects.map((p) => p.dir)));
  for (const project of projects) {
    const edges: GraphEdge[] = project.edges.map((edge) => ({
      name: edge.name,
      range: edge.range,
      kind: edge.kind,
      target: walker.resolve(project.dir, edge.name),
    }));
    walker.importers.set(project.dir, edges);
  }
  await walker.drain();
  for (const tree of [...trees].sort(compareStrings)) {
    walker.enumerate(tree);
    await walker.drain();
  }
  return {
    graph: { source: trees.join(', '), kind: 'installed', nodes: walker.nodes, importers: walker.importers },
    diagnostics: walker.diagnostics.sort((a, b) => compareStrings(a.file, b.file)),
  };
}

class InstalledWalker {
  readonly nodes = new Map<string, GraphNode>();
  readonly importers = new Map<string, GraphEdge[]>();
  readonly diagnostics: Diagnostic[] = [];
  private readonly queued = new Set<string>();
  private readonly queue: string[] = [];
  private readonly reported = new Set<string>();
  private readonly enumerated = new Set<string>();
  private next = 0;
  private readonly realCache = new Map<string, string | null>();
  private readonly parentCache = new Map<string, string | null>();
  /**
   * Folder listings with each entry's kind: a folder is listed once, for its license files, its
   * node_modules and the kind of the packages in it (so a plain folder needs no lstat).
   */
  private readonly kindsCache = new Map<string, Map<string, EntryKind>>();

  constructor(
    private readonly ctx: ReadContext,
    /** The checkout's own projects: a link to one (a workspace) is not a dependency. */
    private readonly projectDirs: Set<string>,
  ) {}

  /**
   * The real folder (relative) that `name` resolves to from `fromDir`, queued for reading;
   * undefined when it is not installed. Links that loop or leave the root are reported once.
   */
  resolve(fromDir: string, name: string): string | undefined {
    let dir = fromDir;
    for (;;) {
      if (path.posix.basename(dir) !== 'node_modules' && this.mayHoldPackage(dir, name)) {
        const candidate = joinRel(dir, 'node_modules', name);
        const real = this.realFolder(candidate);
        if (real !== undefined) {
          if (this.projectDirs.has(real)) {
            if (!this.nodes.has(real)) {
              const location = { file: joinRel(real, 'package.json'), line: 1, column: 1 };
              this.nodes.set(real, { key: real, name, version: '', edges: [], location, evidence: [], projectDir: real });
            }
          } else {
            this.enqueue(real);
          }
          return real;
        }
      }
      if (dir === '') return undefined;
      dir = dirOf(dir);
    }
  }

  /**
   * Whether `dir/node_modules/<name>` can exist, from cached folder listings: most packages
   * have no nested node_modules, so most lookups end here without a system call.
   */
  private mayHoldPackage(dir: string, name: string): boolean {
    if (!this.entryKinds(dir).has('node_modules')) return false;
    const first = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : name;
    return this.entryKinds(joinRel(dir, 'node_modules')).has(first);
  }

  /** A folder's entries and their kinds (links not followed); empty when unreadable. */
  private entryKinds(rel: string): Map<string, EntryKind> {
    let kinds = this.kindsCache.get(rel);
    if (!kinds) {
      kinds = new Map();
      this.ctx.fs.recordInput?.(rel);
      try {
        for (const e of fs.readdirSync(joinUnderRoot(this.ctx.root, rel), { withFileTypes: true })) {
          kinds.set(e.name, e.isSymbolicLink() ? 'link' : e.isDirectory() ? 'dir' : 'other');
        }
      } catch (err) {
        // Gone or not a folder: nothing installed here. Anything else (no permission, a link
        // loop) hides what is installed: said, or an SSPL package would pass as "no evidence".
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') {
          this.diagnostics.push({ code: 'unlistable', severity: 'error', file: rel || '.', message: `cannot list the folder (${code ?? 'error'}): packages installed there are not judged` });
        }
      }
      this.kindsCache.set(rel, kinds);
    }
    return kinds;
  }

  /** Real path of an installed folder, or undefined (reporting loops/escapes) when unusable. */
  private realFolder(candidate: string): string | undefined {
    // The same folders are looked up from many dependents: resolve each path once.
    const cached = this.realCache.get(candidate);
    if (cached !== undefined) return cached ?? undefined;
    const real = this.resolveRealFolder(candidate);
    this.realCache.set(candidate, real ?? null);
    return real;
  }

  private resolveRealFolder(candidate: string): string | undefined {
    // The parent's listing says what the entry is, without an lstat per package.
    const kind = this.entryKinds(dirOf(candidate)).get(path.posix.basename(candidate));
    if (kind === undefined) return undefined; // not installed here; keep looking upwards
    if (kind !== 'link') {
      // A plain folder is real once its parent is: resolve parents once, not every path in full.
      const parent = this.realParent(dirOf(candidate));
      if (parent !== null) {
        const real = joinRel(parent, path.posix.basename(candidate));
        this.ctx.fs.markRealFolder(real);
        return real;
      }
    }
    const real = this.ctx.fs.realpathInRoot(candidate);
    if (real === null) {
      if (kind === 'link') this.reportLink(candidate, path.join(this.ctx.root, candidate));
      return undefined;
    }
    return real === '.' ? '' : real;
  }

  private realParent(dir: string): string | null {
    if (dir === '') return '';
    let real = this.parentCache.get(dir);
    if (real === undefined) {
      // A plain folder (not a link) in a folder that is real is real itself: found in the
      // parent's listing, without a realpath(3), which asks the system about every component.
      const above = this.entryKinds(dirOf(dir)).get(path.posix.basename(dir)) === 'dir' ? this.realParent(dirOf(dir)) : null;
      if (above !== null) {
        real = joinRel(above, path.posix.basename(dir));
      } else {
        const found = this.ctx.fs.realpathInRoot(dir);
        real = found === '.' ? '' : found;
      }
      this.parentCache.set(dir, real);
    }
    return real;
  }

  private reportLink(candidate: string, abs: string): void {
    if (this.reported.has(candidate)) return;
    this.reported.add(candidate);
    let code: DiagnosticCode = 'broken-symlink';
    let message = 'symbolic link points at nothing; package skipped';
    try {
      fs.realpathSync(abs);
      code = 'path-escape';
      message = 'symbolic link points outside the scanned checkout; not followed';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ELOOP') {
        code = 'symlink-loop';
        message = 'symbolic link loop; not followed';
      }
    }
    this.diagnostics.push({ code, severity: 'warn', file: candidate, message });
  }

  private enqueue(real: string): void {
    if (this.queued.has(real) || this.projectDirs.has(real)) return;
    this.queued.add(real);
    this.queue.push(real);
  }

  /**
   * Reads queued folders one at a time, in queue order (deterministic output). The reads are
   * synchronous underneath, so batching them gains nothing and only keeps more parsed
   * manifests alive at once, which the garbage collector then has to copy.
   */
  async drain(): Promise<void> {
    while (this.next < this.queue.length) {
      const real = this.queue[this.next++];
      this.visit(real, await readJsonWithPositions(this.ctx, joinRel(real, 'package.json'), isLocatedKey, undefined, { topLevelOnly: true, members: MANIFEST_MEMBERS }));
    }
  }

  private visit(real: string, read: FastJsonRead): void {
    const file = joinRel(real, 'package.json');
    if (!read.ok) {
      // A folder without a manifest (a stray file or folder in node_modules) is not a package.
      if (read.diagnostic.code !== 'not-found') this.diagnostics.push(read.diagnostic);
      return;
    }
    const pkg = read.value;
    if (!isRecord(pkg)) {
      this.diagnostics.push({ code: 'invalid-manifest', severity: 'warn', file, message: 'package.json is not a JSON object; package skipped' });
      return;
    }
    // A manifest without a name is still the package its folder is named after.
    const name = typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : nameFromFolder(real);
    if (!name) return;
    const evidence: LicenseEvidence[] = [];
    for (const field of ['license', 'licenses']) {
      if (pkg[field] !== undefined) {
        evidence.push({ kind: 'declared', value: pkg[field], field, location: read.positions.locate(file, [field]), baseDir: real });
      }
    }
    for (const licenseFile of this.licenseFiles(real)) {
      evidence.push({ kind: 'file', file: licenseFile });
      this.ctx.licenseTexts?.submit(licenseFile);
    }
    this.keepOnlyNodeModules(real);

    const edges = dependencyEdges(pkg);
    const node: GraphNode = {
      key: real,
      name,
      version: typeof pkg.version === 'string' ? pkg.version : '',
      edges,
      location: read.positions.locate(file, ['name']),
      evidence,
      installedPath: real,
    };
    this.nodes.set(real, node);
    for (const edge of edges) edge.target = this.resolve(real, edge.name);
  }

  private licenseFiles(dir: string): string[] {
    const found: string[] = [];
    this.entryKinds(dir).forEach((kind, name) => {
      if (LICENSE_DIR_NAME.test(name) && this.isDirectoryEntry(dir, name, kind)) {
        const rel = joinRel(dir, name);
        this.entryKinds(rel).forEach((innerKind, inner) => {
          if (!NOT_A_TEXT.test(inner) && !this.isDirectoryEntry(rel, inner, innerKind)) found.push(joinRel(rel, inner));
        });
      } else if (isPackageLicenseFile(name) && !this.isDirectoryEntry(dir, name, kind)) {
        found.push(joinRel(dir, name));
      }
    });
    return found.sort(compareStrings);
  }

  /**
   * Once a package folder is read, only whether it holds a `node_modules` is asked again: the
   * rest of its listing is dropped rather than kept (and copied by the collector) to the end
   * of the walk.
   */
  private keepOnlyNodeModules(dir: string): void {
    const kinds = this.kindsCache.get(dir);
    const nodeModules = kinds?.get('node_modules');
    if (kinds && kinds.size > (nodeModules ? 1 : 0)) this.kindsCache.set(dir, new Map<string, EntryKind>(nodeModules ? [['node_modules', nodeModules]] : []));
  }

  /** Whether a listed entry is a folder, following a link only when asked about one. */
  private isDirectoryEntry(dir: string, name: string, kind: EntryKind): boolean {
    return kind === 'link' ? this.isDirectory(joinRel(dir, name)) : kind === 'dir';
  }

  private isDirectory(rel: string): boolean {
    this.ctx.fs.recordInput?.(rel);
    try {
      return fs.statSync(joinUnderRoot(this.ctx.root, rel)).isDirectory();
    } catch {
      return false;
    }
  }

  /** Queues every package folder under a `node_modules` folder (scoped, nested and pnpm's store). */
  enumerate(nodeModules: string): void {
    const real = this.realFolder(nodeModules);
    if (real === undefined || this.enumerated.has(real)) return;
    this.enumerated.add(real);
    // Listed by the walker itself, so a node_modules that cannot be listed is said (SafeFs.list is silent).
    this.entryKinds(real);
    for (const entry of this.listedNames(real)) {
      if (entry === '.pnpm') {
        const store = joinRel(real, entry);
        for (const version of this.ctx.fs.list(store)) {
          this.enumerate(version === 'node_modules' ? joinRel(store, version) : joinRel(store, version, 'node_modules'));
        }
        continue;
      }
      if (entry.startsWith('.')) continue; // .bin, .cache, .package-lock.json, .modules.yaml
      if (entry.startsWith('@')) {
        for (const scoped of this.listedNames(joinRel(real, entry))) this.enumeratePackage(joinRel(real, entry, scoped));
      } else {
        this.enumeratePackage(joinRel(real, entry));
      }
    }
  }

  /**
   * A folder's entry names in `SafeFs.list`'s order, from the walker's own listing when it has
   * one (every node_modules and most scope folders were listed to resolve dependencies: ~420
   * folders of the large bench tree were listed twice). A package folder's listing is trimmed
   * once read (`keepOnlyNodeModules`), so one is listed again.
   */
  private listedNames(dir: string): string[] {
    const kinds = this.queued.has(dir) ? undefined : this.kindsCache.get(dir);
    return kinds ? [...kinds.keys()].sort() : this.ctx.fs.list(dir);
  }

  private enumeratePackage(folder: string): void {
    const real = this.realFolder(folder);
    if (real === undefined) return;
    this.enqueue(real);
    const nodeModules = this.entryKinds(real).get('node_modules');
    if (nodeModules && this.isDirectoryEntry(real, 'node_modules', nodeModules)) this.enumerate(joinRel(real, 'node_modules'));
  }
}
