import type { DiscoveredFiles } from '../../../types';
import { discover } from '../../../discover';

/** What the discover stage hands the reader for a folder; lets the reader run on its own (tests). */
export async function discoverNpmFiles(rootInput: string): Promise<DiscoveredFiles> {
  return (await discover(rootInput)).files;
}
