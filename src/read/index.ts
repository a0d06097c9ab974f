import type { Component, Diagnostic, DiscoveredFiles, EcosystemReader, ProjectManifest, ReadContext } from '../types';
import { ECOSYSTEM_LIST, isEcosystemFile } from '../ecosystems';
import { appendAll } from '../util/append';

/**
 * The readers whose files the checkout has, in ecosystem order. Reader modules are loaded only
 * then (src/ecosystems): a plain npm project never pays for the TOML or XML parsers.
 */
export function selectReaders(files: DiscoveredFiles): EcosystemReader[] {
  const names = [...files.manifests, ...files.lockfiles];
  const readers: EcosystemReader[] = [];
  for (const eco of ECOSYSTEM_LIST) {
    const trigger = eco.files.anyFileTrigger;
    if (!(trigger ? files.all.some((f) => trigger.test(f)) : names.some((n) => isEcosystemFile(eco, n)))) continue;
    const reader = eco.reader();
    if (reader.applies(files)) readers.push(reader);
  }
  return readers;
}

/** What the read stage hands on: every component as read (duplicates merged later), the checkout's own projects, the problems met. */
export interface CheckoutRead {
  components: Component[];
  projects: ProjectManifest[];
  diagnostics: Diagnostic[];
}

/**
 * Runs every reader whose files the checkout has, in ecosystem order. A reader that throws
 * becomes one `reader-error` diagnostic (the run exits 2): a reader bug must not take the other
 * ecosystems down with it. `onRead` is told after each reader (the phase timer).
 */
export async function readCheckout(files: DiscoveredFiles, ctx: ReadContext, onRead: (ecosystem: string) => void = () => undefined): Promise<CheckoutRead> {
  const out: CheckoutRead = { components: [], projects: [], diagnostics: [] };
  for (const reader of selectReaders(files)) {
    try {
      const result = await reader.read(files, ctx);
      appendAll(out.components, result.components);
      onRead(reader.ecosystem);
      appendAll(out.projects, result.projects);
      appendAll(out.diagnostics, result.diagnostics);
    } catch (err) {
      out.diagnostics.push({
        code: 'reader-error',
        severity: 'error',
        file: '.',
        message: `the ${reader.ecosystem} reader failed: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }
  return out;
}
