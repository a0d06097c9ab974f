import type { EcosystemReader, ReaderEcosystem } from '../types';

/** The registries `--online` asks, by the name their settings and `LICENSE_RISK_REGISTRY_<NAME>` variable use. */
/**
 * `--online`'s lookup for an ecosystem: a `RegistryLookup` of src/online/lookup.ts, which checks
 * the shape. Not imported here: online/ reads this registry, so the type would make a cycle.
 */
export type RegistryLookupHook = (...args: never[]) => Promise<unknown>;

export type RegistryName = 'pypi' | 'crates' | 'maven' | 'packagist' | 'rubygems' | 'nuget' | 'huggingface';

/**
 * Everything the stages need to know about one ecosystem, in one place: discover sorts files by
 * `files`, read loads `reader` when the checkout has its files, the profile inference reads
 * `profile`, the report's "could not judge" line reads `install`, the SBOM reader maps `purl`,
 * and `--online` asks `registry`. Modules are loaded lazily (`require` in a function), so a plain
 * npm checkout never loads the TOML or XML parsers, and this file imports no stage.
 */
export interface EcosystemDescriptor {
  id: ReaderEcosystem;
  files: {
    /** Manifest file names as the ecosystem spells them; discover compares them case-insensitively. */
    manifests: readonly string[];
    /** Manifest names by pattern (tested on the file name). */
    manifestPatterns?: readonly RegExp[];
    /** Lockfile names; discover compares them case-insensitively. */
    lockfiles: readonly string[];
    /** Files inside an installed tree (`vendor/`) that discover lists as lockfiles (tested on the relative path). */
    installedLockfiles?: readonly RegExp[];
    /** The names above load the reader only in this exact case (`Cargo.toml`), unless this is set. */
    caseInsensitiveTrigger?: boolean;
    /** Load the reader when any file of the checkout matches (relative path): models come from any file, not from a manifest. */
    anyFileTrigger?: RegExp;
  };
  /** The reader module (loaded on demand). */
  reader: () => EcosystemReader;
  profile: {
    /**
     * Server frameworks: a project that depends on one directly is most likely run as a network
     * service, which the profile inference weighs towards `saas`. Names as the ecosystem spells
     * them, compared case-insensitively; a trailing `*` matches any name with that prefix.
     * Packages as often clients as servers (hyper, aiohttp, tonic) are left out.
     */
    serverFrameworks: readonly string[];
    /**
     * Processes that only serve a web app (a WSGI/ASGI or Rack server, Spring Boot's web
     * starter): a project that depends on one is an application even when it also has a build
     * system. Exact names, case-sensitive; a trailing `*` matches a prefix.
     */
    serverRunners?: readonly string[];
    /** Direct dependencies that package a desktop/mobile app or a standalone binary: the app is shipped, not hosted. */
    appPackagers?: readonly string[];
  };
  /** How to fetch what a lockfile lists, for "could not judge": by the file's name, first match wins, then `fallback`. */
  install: {
    byFile: readonly (readonly [RegExp, string, string])[];
    fallback: readonly [string, string];
  };
  /** The purl type (purl-spec) and whether its names are compared case-insensitively. */
  purl: { type: string; foldsCase?: boolean };
  /** `--online`: the lookup (loaded on demand); `name`, `env` and `url` only for registries with a settable endpoint (npm reads `.npmrc`). */
  registry: {
    lookup: () => RegistryLookupHook;
    endpoint?: { name: RegistryName; env: string; url: string };
  };
}
