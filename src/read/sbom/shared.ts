import type { Diagnostic, Scope } from '../../types';
import { decodeBytes } from '../fs';

/** Per embedded license text, as for license files. */
export const SBOM_TEXT_MAX_BYTES = 1024 * 1024;

/** One component as an SBOM format reader found it, before it is made a `Component`. */
export interface SbomEntry {
  /** The format's own reference (CycloneDX bom-ref, SPDX SPDXID), for the dependency graph. */
  ref?: string;
  name: unknown;
  version: unknown;
  purl: unknown;
  scope: Scope;
  /** License ids, names or expressions as written. */
  declared: string[];
  /** Embedded license texts, with where each is in the document (a JSON pointer). */
  texts: { text: string; pointer: string }[];
}

export interface SbomDocument {
  format: string;
  /** The described project's name@version, the start of every dependency path. */
  rootName: string;
  rootRefs: string[];
  entries: SbomEntry[];
  /** parent ref → child refs */
  dependsOn: Map<string, string[]>;
  diagnostics: Diagnostic[];
}

/** Decodes an embedded license text (plain or base64); null when it is not text. */
export function decodeEmbeddedText(content: unknown, encoding: unknown): string | null {
  if (typeof content !== 'string' || content.length === 0) return null;
  let buf: Buffer;
  if (encoding === 'base64') {
    buf = Buffer.from(content, 'base64');
  } else {
    buf = Buffer.from(content, 'utf8');
  }
  if (buf.length > SBOM_TEXT_MAX_BYTES) buf = buf.subarray(0, SBOM_TEXT_MAX_BYTES);
  const decoded = decodeBytes(buf);
  return decoded.binary ? null : decoded.text;
}

