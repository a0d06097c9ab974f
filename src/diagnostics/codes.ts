/**
 * Every diagnostic code license-risk emits, with what it means. Codes are a stable contract
 * (the JSON report's `diagnostics[].code`); `docs/diagnostics.md` is checked against this list
 * by `__tests__/diagnostics.test.ts`, so a new code needs a line in both.
 * Kept free of imports so `types.ts` can take the union from here.
 */
export const DIAGNOSTIC_CODES = {
  // reading files (src/read/fs.ts and the readers)
  'binary-file': 'the file has binary content (NUL bytes), so it is not read as text',
  'file-too-large': 'the file is over the size limit (1 MB for manifests and lockfiles) and is not read',
  'file-truncated': 'a license text over 1 MB: only its first megabyte was identified',
  'not-a-file': 'the path is a folder, FIFO or device, not a regular file',
  'not-found': 'a file the checkout points at (an included requirements file, a license-file) does not exist',
  'path-escape': 'the path, or the link it is, points outside the scanned checkout; it is not read',
  'broken-symlink': 'an installed package folder is a symbolic link to nothing',
  'symlink-loop': 'a symbolic link loop; not followed',
  unreadable: 'the file cannot be read (permissions or another I/O error); it is skipped',
  unlistable: 'a folder of the checkout or an installed tree cannot be listed: what is in it is not judged (exit 2, the report is incomplete)',
  'too-deep': 'a JSON/YAML/TOML/XML file nested deeper than the parsers can safely follow; not read (for a lockfile: exit 2, its packages were not judged)',
  // parsing
  'invalid-go-mod': 'a go.mod that does not parse',
  'invalid-go-sum': 'a go.sum line that does not parse',
  'invalid-json': 'a JSON file that does not parse',
  'invalid-lockfile': 'a lockfile that does not parse or has an unexpected shape',
  'invalid-manifest': 'a manifest (package.json, Cargo.toml, composer.json, …) that does not parse or has an unexpected shape',
  'invalid-metadata': 'installed package metadata (a Python METADATA file) without the fields needed',
  'invalid-nuspec': 'a .nuspec file that does not parse',
  'invalid-pom': 'a pom.xml that does not parse',
  'invalid-project-file': 'a .csproj/.fsproj/.vbproj that does not parse',
  'invalid-requirement': 'a requirements line that is not a valid requirement',
  'invalid-toml': 'a TOML file that does not parse',
  'invalid-xml': 'an XML file that does not parse',
  'invalid-yaml': 'a YAML file that does not parse',
  'unrecognized-gemspec': 'a .gemspec whose name or license could not be read without running Ruby',
  'invalid-gguf': 'a GGUF model file whose header does not parse',
  'gguf-header-partial': 'a GGUF header larger than the bytes read: metadata after that point is not read',
  'invalid-model-card': 'a Hugging Face model card (README.md front matter) that does not parse',
  'unsupported-lockfile': 'a lockfile version this reader does not know',
  // resolving
  'parent-cycle': 'a Maven parent POM chain that loops',
  'parent-pom-not-found': 'a Maven parent POM that is neither in the checkout nor in the local repository',
  'unresolved-property': 'a Maven ${property} defined nowhere in the POM or its parents',
  'see-license-missing': '`SEE LICENSE IN <file>` names a file the package does not have',
  // package-manager caches (yarn, pnpm, npm cacache)
  'unreadable-cache-entry': 'a package-manager cache entry that cannot be read; the package is not read from the cache',
  'invalid-cache-entry': 'a package-manager cache entry (index, archive, package.json) that does not parse; the package is not read from the cache',
  'incomplete-cache-entry': 'a package-manager cache entry with files missing; the package is not read from the cache',
  // --sbom inputs
  'sbom-invalid-json': 'an `--sbom` file that is not valid JSON; not read',
  'sbom-unknown-format': 'an `--sbom` file that is neither CycloneDX JSON nor SPDX 2.x JSON; not read',
  'sbom-unsupported-version': 'an SBOM of a spec version outside CycloneDX 1.4–1.6 / SPDX 2.2–2.3: read as the nearest known version, with this warning',
  'sbom-missing-field': 'an SBOM component or package without a field the scan needs (a name); that entry is skipped',
  'sbom-component-skipped': 'SBOM components dropped because their names or versions are unusable (control characters, empty, oversize); counted in one diagnostic',
  // configuration
  'config-not-executed': 'a JavaScript config file in the scanned checkout is not run (a checkout is untrusted input)',
  // failures of license-risk itself
  'reader-error': 'an ecosystem reader stopped on an unexpected error: its components are missing (exit 2, the report is incomplete)',
  // --online
  'registry-cache-disabled': 'the registry cache folder cannot be used; answers are not cached',
  'registry-cache-unwritable': 'the registry cache could not be written; answers are not kept for the next run',
  'registry-config-invalid': 'a registry setting (.npmrc, pip.conf, certificates) is invalid and ignored',
  'registry-config-unreadable': 'a registry setting file cannot be read',
  'registry-lookup-failed': 'a registry did not answer, or answered with an error',
  'registry-lookup-unsupported': 'components this ecosystem cannot be looked up online for (no registry, or no name)',
  'registry-no-license': 'the registry answered but has no license metadata for the package',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
