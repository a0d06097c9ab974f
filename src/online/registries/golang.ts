import type { RegistryLookup } from '../lookup';

/** The Go module proxy serves go.mod files, zips and version lists: no license metadata. */
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: every registry lookup returns a promise
export const lookupGolang: RegistryLookup = async () => ({
  kind: 'unsupported',
  reason: 'license metadata is not available from the Go module proxy (it serves only go.mod, .info and .zip files); vendor the modules or fill the module cache so their license files can be read',
});
