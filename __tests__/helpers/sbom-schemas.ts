import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';

/** The official schemas kept as fixtures (fixtures/sbom-schemas/README.md says where each comes from). */
const SCHEMAS = path.join(__dirname, '..', '..', 'fixtures', 'sbom-schemas');
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8'));

// Formats of JSON Schema 2019-09 that ajv-formats does not carry; the CycloneDX schema uses them
// for e-mail addresses and IRIs, which license-risk never writes.
const addDraft2019Formats = (ajv: Ajv) => {
  ajv.addFormat('idn-email', true);
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('iri', true);
};

export type Validate = (doc: unknown) => string[];

function toValidate(fn: ReturnType<Ajv['compile']>): Validate {
  return (doc) => (fn(doc) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
}

export function cyclonedxValidator(version: '1.4' | '1.5' | '1.6' = '1.6'): Validate {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  addDraft2019Formats(ajv);
  // The BOM schema names its neighbours relative to its own $id.
  for (const file of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
    ajv.addSchema({ ...load(file), $id: `http://cyclonedx.org/schema/${file}` });
  }
  return toValidate(ajv.compile(load(`bom-${version}.SNAPSHOT.schema.json`)));
}

export function spdxValidator(): Validate {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  return toValidate(ajv.compile(load('spdx-2.3.schema.json')));
}
