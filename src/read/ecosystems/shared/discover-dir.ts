import type { Diagnostic, DiscoveredFiles, EcosystemReader, ReadContext, ReadResult } from '../../../types';
import { discover } from '../../../discover';
import { createSafeFs, unsaidUnlistable } from '../../fs';

/** The discover stage's answer for a folder: one walk, the same rules as a real scan. */
export async function discoverDirectory(rootInput: string): Promise<DiscoveredFiles> {
  return (await discover(rootInput)).files;
}

/** Runs one reader over a folder (discovery included): for tests and ad-hoc use. */
export async function readDirectory(
  reader: EcosystemReader,
  rootInput: string,
  options: { env?: NodeJS.ProcessEnv; includeDev?: boolean } = {},
): Promise<ReadResult & { files: DiscoveredFiles }> {
  const files = await discoverDirectory(rootInput);
  const unlistable: Diagnostic[] = [];
  const ctx: ReadContext = { root: files.root, fs: createSafeFs(files.root, (d) => unlistable.push(d)), env: options.env ?? {}, includeDev: options.includeDev ?? true };
  const result = reader.applies(files) ? await reader.read(files, ctx) : { components: [], projects: [], diagnostics: [] };
  return { ...result, diagnostics: [...result.diagnostics, ...unsaidUnlistable(unlistable, result.diagnostics)], files };
}
