/** The pieces an identification is assembled from, and the paragraphs residual prose is read in. */
import type { TextIdentification, TextMatch } from '../../types';

/** Texts longer than this (tokens) that match no template are not read as pointers. */
export const MAX_POINTER_TOKENS = 600;

export const POINTER_CONFIDENCE = 0.6;
export const UNBUNDLED_CONFIDENCE = 0.35;
export const SPDX_LINE_CONFIDENCE = 0.9;
export const FINGERPRINT_CONFIDENCE = 0.5;
/** Commercial terms recognised from their wording, not from a known text. */
export const COMMERCIAL_CONFIDENCE = 0.5;

export interface Paragraph {
  text: string;
  startLine: number;
  endLine: number;
}

/** One piece of the answer before combining. */
export interface Part {
  kind: 'template' | 'pointer' | 'spdx' | 'fingerprint';
  ids: string[];
  /** A nested SPDX expression kept as written (both AND and OR in it). */
  raw?: string;
  op: 'AND' | 'OR';
  line: number;
  match: TextMatch[];
  /**
   * A pointer that offers a choice ("either the BSD License or the GPL") but resolved fewer
   * than two names: the choice is between the full texts the file carries.
   */
  openChoice?: boolean;
}

export function unknown(notes: string[]): TextIdentification {
  return { expression: null, confidence: 0, matches: [], notes };
}

export function paragraphsOf(lines: string[]): Paragraph[] {
  const out: Paragraph[] = [];
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i].trim() === '';
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      out.push({ text: lines.slice(start, i).join('\n'), startLine: start + 1, endLine: i });
      start = -1;
    }
  }
  // A paragraph that ends with ':' introduces the next one ("either:\n\na) … or b) …").
  const merged: Paragraph[] = [];
  for (const p of out) {
    const prev = merged[merged.length - 1];
    if (prev && /:\s*$/.test(prev.text) && p.startLine - prev.endLine <= 3) {
      prev.text += `\n${p.text}`;
      prev.endLine = p.endLine;
    } else merged.push({ ...p });
  }
  return merged;
}
