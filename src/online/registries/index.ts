/** The lookup for each ecosystem. */
import type { ReaderEcosystem as Ecosystem } from '../../types';
import type { RegistryLookup } from '../lookup';
import { lookupCargo } from './cargo';
import { lookupComposer } from './composer';
import { lookupGem } from './gem';
import { lookupHuggingface } from './huggingface';
import { lookupMaven } from './maven';
import { lookupNpm } from './npm';
import { lookupNuget } from './nuget';
import { lookupPypi } from './pypi';

/** The Go module proxy serves go.mod files, zips and version lists: no license metadata. */
// eslint-disable-next-line @typescript-eslint/require-await -- async by contract: callers await it, and a throw must reach them as a rejection
const lookupGolang: RegistryLookup = async () => ({
  kind: 'unsupported',
  reason: 'license metadata is not available from the Go module proxy (it serves only go.mod, .info and .zip files); vendor the modules or fill the module cache so their license files can be read',
});

export const REGISTRY_LOOKUPS: Record<Ecosystem, RegistryLookup> = {
  cargo: lookupCargo,
  composer: lookupComposer,
  gem: lookupGem,
  golang: lookupGolang,
  huggingface: lookupHuggingface,
  maven: lookupMaven,
  npm: lookupNpm,
  nuget: lookupNuget,
  pypi: lookupPypi,
};
