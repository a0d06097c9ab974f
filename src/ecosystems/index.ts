/**
 * The one registry of ecosystems: discover, read, the profile inference, the report's install
 * hints, the SBOM reader and `--online` all ask here. Adding an ecosystem is a descriptor file
 * beside this one and a line in ECOSYSTEMS (see CONTRIBUTING.md).
 */
import type { Ecosystem, ReaderEcosystem } from '../types';
import type { EcosystemDescriptor } from './descriptor';
import { cargo } from './cargo';
import { composer } from './composer';
import { gem } from './gem';
import { golang } from './golang';
import { huggingface } from './huggingface';
import { maven } from './maven';
import { npm } from './npm';
import { nuget } from './nuget';
import { pypi } from './pypi';

export type { RegistryName } from './descriptor';

/** Every ecosystem with a reader, by id (sorted). A missing or extra key does not compile. */
export const ECOSYSTEMS: Readonly<Record<ReaderEcosystem, EcosystemDescriptor>> = { cargo, composer, gem, golang, huggingface, maven, npm, nuget, pypi };

/** The descriptors in id order (the order readers run in). */
export const ECOSYSTEM_LIST: readonly EcosystemDescriptor[] = (Object.keys(ECOSYSTEMS) as ReaderEcosystem[]).sort().map((id) => ECOSYSTEMS[id]);

function descriptorOf(ecosystem: Ecosystem): EcosystemDescriptor | undefined {
  return ecosystem === 'generic' ? undefined : ECOSYSTEMS[ecosystem];
}

// --- file names (discover, read) -------------------------------------------------------------

const MANIFEST_NAMES = new Set(ECOSYSTEM_LIST.flatMap((d) => d.files.manifests.map((n) => n.toLowerCase())));
const MANIFEST_PATTERNS = ECOSYSTEM_LIST.flatMap((d) => d.files.manifestPatterns ?? []);
const LOCKFILE_NAMES = new Set(ECOSYSTEM_LIST.flatMap((d) => d.files.lockfiles.map((n) => n.toLowerCase())));
const INSTALLED_LOCKFILES = ECOSYSTEM_LIST.flatMap((d) => d.files.installedLockfiles ?? []);

/** A manifest of some ecosystem, by file name (case-insensitive). */
export function isManifestName(name: string): boolean {
  return MANIFEST_NAMES.has(name.toLowerCase()) || MANIFEST_PATTERNS.some((re) => re.test(name));
}

/** A lockfile of some ecosystem, by file name (case-insensitive). */
export function isLockfileName(name: string): boolean {
  return LOCKFILE_NAMES.has(name.toLowerCase());
}

/** A file inside an installed tree that its reader reads as a lockfile (`vendor/modules.txt`), by relative path. */
export function isInstalledLockfile(rel: string): boolean {
  return INSTALLED_LOCKFILES.some((re) => re.test(rel));
}

/**
 * Whether a discovered manifest or lockfile (relative path) is one of this ecosystem's: a cheap
 * test deciding which reader modules to load at all (the reader's `applies` decides the rest).
 */
export function isEcosystemFile(d: EcosystemDescriptor, rel: string): boolean {
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const names = [...d.files.manifests, ...d.files.lockfiles];
  const named = d.files.caseInsensitiveTrigger ? names.some((n) => n.toLowerCase() === name.toLowerCase()) : names.includes(name);
  return named || (d.files.manifestPatterns ?? []).some((re) => re.test(name)) || (d.files.installedLockfiles ?? []).some((re) => re.test(rel));
}

// --- profile inference ------------------------------------------------------------------------

/** `github.com/labstack/echo/v4` → `github.com/labstack/echo`: Go puts the major version in the path. */
function goModuleBase(modulePath: string): string {
  return modulePath.replace(/\/v\d+$/, '');
}

/** The ecosystem's server frameworks among direct dependency names (compared case-insensitively), sorted. */
export function serverFrameworks(ecosystem: Ecosystem, dependencyNames: Iterable<string>): string[] {
  const names = descriptorOf(ecosystem)?.profile.serverFrameworks ?? [];
  const exact = new Map(names.filter((n) => !n.endsWith('*')).map((n) => [n.toLowerCase(), n]));
  const prefixes = names.filter((n) => n.endsWith('*')).map((n) => n.slice(0, -1).toLowerCase());
  const found = new Set<string>();
  for (const raw of dependencyNames) {
    const name = (ecosystem === 'golang' ? goModuleBase(raw) : raw).toLowerCase();
    const hit = exact.get(name);
    if (hit) found.add(hit);
    // A prefix pattern reports the dependency itself: `spring-boot-starter-webflux` says more than the pattern.
    else if (prefixes.some((p) => name.startsWith(p))) found.add(ecosystem === 'golang' ? goModuleBase(raw) : raw);
  }
  return [...found].sort();
}

/** Whether a component (by exact name) is one of its ecosystem's server frameworks (no prefix patterns). */
export function isServerFrameworkName(ecosystem: Ecosystem, name: string): boolean {
  return (descriptorOf(ecosystem)?.profile.serverFrameworks ?? []).includes(name);
}

/** The ecosystem's app packagers among direct dependency names, sorted. */
export function appPackagers(ecosystem: Ecosystem, dependencyNames: Iterable<string>): string[] {
  const packagers = descriptorOf(ecosystem)?.profile.appPackagers ?? [];
  return [...new Set([...dependencyNames].filter((n) => packagers.includes(n)))].sort();
}

const SERVER_RUNNERS = ECOSYSTEM_LIST.flatMap((d) => d.profile.serverRunners ?? []);

/** A server process (gunicorn, puma, Spring Boot's web starter) of any ecosystem, by exact name or `*` prefix. */
export function isServerRunner(name: string): boolean {
  return SERVER_RUNNERS.some((r) => (r.endsWith('*') ? name.startsWith(r.slice(0, -1)) : name === r));
}

// --- install hints, purls, registries ---------------------------------------------------------

const INSTALL_BY_FILE = ECOSYSTEM_LIST.flatMap((d) => d.install.byFile);

/** The package manager and command that fetch what a lockfile or manifest lists, by its file name. */
export function installCommandForFile(fileName: string): { packageManager: string; command: string } | undefined {
  const hit = INSTALL_BY_FILE.find(([re]) => re.test(fileName));
  return hit ? { packageManager: hit[1], command: hit[2] } : undefined;
}

/** An ecosystem's usual install command, when the file's name says nothing. */
export function installFallback(ecosystem: ReaderEcosystem): { packageManager: string; command: string } {
  const [packageManager, command] = ECOSYSTEMS[ecosystem].install.fallback;
  return { packageManager, command };
}

/** The ecosystem whose purl type this is; `generic` for any other (deb, apk, oci, …). */
export function ecosystemOfPurlType(type: string): Ecosystem {
  return ECOSYSTEM_LIST.find((d) => d.purl.type === type)?.id ?? 'generic';
}

/** Whether names of this purl type compare case-insensitively (PyPI, Composer, NuGet). */
export function purlFoldsCase(type: string): boolean {
  return ECOSYSTEM_LIST.some((d) => d.purl.type === type && d.purl.foldsCase === true);
}
