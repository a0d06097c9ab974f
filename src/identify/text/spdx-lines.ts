/** `SPDX-License-Identifier:` lines inside a text. */
import { parseSpdxMemo as parseSpdx } from '../../util/spdx-parse';
import { SPDX_LINE_CONFIDENCE, type Part } from './parts';

/** `SPDX-License-Identifier:` lines, parsed; invalid ones become notes. */
export function spdxIdentifierParts(lines: string[], notes: Set<string>, coveredLines: Set<number>): Part[] {
  const parts: Part[] = [];
  lines.forEach((line, i) => {
    // A license text may quote identifiers as instructions (CAL-1.0 does); those are not claims.
    if (coveredLines.has(i + 1)) return;
    const m = /SPDX-License-Identifier:\s*(.+)$/i.exec(line);
    if (!m) return;
    const raw = m[1].replace(/\s*(?:\*\/|-->|`|#\}|\*\)).*$/, '').trim();
    try {
      const leaves = spdxLeaves(parseSpdx(raw));
      const op: 'AND' | 'OR' = /\bOR\b/.test(raw) && !/\bAND\b/.test(raw) ? 'OR' : 'AND';
      const nested = /\bOR\b/.test(raw) && /\bAND\b/.test(raw);
      parts.push({
        kind: 'spdx',
        ids: leaves,
        ...(nested ? { raw: raw.replace(/\s+/g, ' ') } : {}),
        op,
        line: i + 1,
        match: leaves.map((id) => ({ id, confidence: SPDX_LINE_CONFIDENCE, startLine: i + 1, endLine: i + 1 })),
      });
    } catch {
      notes.add(`line ${i + 1}: SPDX-License-Identifier "${raw}" is not a valid SPDX expression`);
    }
  });
  return parts;
}

type SpdxNode = { license?: string; plus?: boolean; exception?: string; left?: SpdxNode; right?: SpdxNode; conjunction?: string };

function spdxLeaves(node: SpdxNode): string[] {
  if (node.license) {
    let id = node.license;
    if (node.plus) id += '+';
    if (node.exception) id += ` WITH ${node.exception}`;
    return [id];
  }
  return [...(node.left ? spdxLeaves(node.left) : []), ...(node.right ? spdxLeaves(node.right) : [])];
}
