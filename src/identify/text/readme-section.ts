/** The "License" section of a README as low-confidence evidence of a project's own license. */
import type { TextIdentification } from '../../types';
import { identifyTextUnsafe } from './identify';
import { resolveLicenseName } from './names';
import { cleanText } from './normalize';
import { roundConfidence } from '../../util/confidence';
import { loadTemplateIndex } from './template-index';

/**
 * A README's "License" section as low-confidence evidence: the section is identified like a
 * pointer file and the confidence is halved. Null when the README has no such section.
 */
export function identifyReadmeLicenseSection(text: string): TextIdentification | null {
  try {
    const lines = cleanText(text).split('\n');
    let start = -1;
    let level = 0;
    for (let i = 0; i < lines.length; i++) {
      const atx = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]);
      const setext = i + 1 < lines.length && /^\s*(=+|-+)\s*$/.test(lines[i + 1]) && lines[i].trim() ? lines[i] : null;
      const title = atx ? atx[2] : setext;
      if (title && /^(?:\W*)(?:licen[cs]e|licensing|copying|copyright and licen[cs]e)\b/i.test(title.replace(/[*_`]/g, ''))) {
        start = setext && !atx ? i + 2 : i + 1;
        level = atx ? atx[1].length : /^\s*=/.test(lines[i + 1]) ? 1 : 2;
        break;
      }
    }
    if (start < 0) return null;
    let end = lines.length;
    for (let i = start; i < lines.length; i++) {
      const atx = /^\s{0,3}(#{1,6})\s/.exec(lines[i]);
      if (atx && atx[1].length <= level) {
        end = i;
        break;
      }
      if (i + 1 < lines.length && /^\s*(=+|-+)\s*$/.test(lines[i + 1]) && lines[i].trim() && level <= 2 && i > start) {
        end = i;
        break;
      }
    }
    const section = lines.slice(start, end).join('\n');
    if (!section.trim()) return null;
    // Keep line numbers relative to the README.
    const padded = `${'\n'.repeat(start)}${section}`;
    const result = identifyTextUnsafe(padded, {}, { allowPointersInLongText: true, skipDocumentGuard: true });
    if (!result.expression) {
      // A bare "MIT" / "Apache-2.0" line under the heading.
      const bare = resolveLicenseName(loadTemplateIndex(), section.trim().split('\n')[0]);
      if (!bare) return null;
      return {
        expression: bare,
        confidence: 0.3,
        matches: [{ id: bare, confidence: 0.3, startLine: start + 1, endLine: start + 1 }],
        notes: ['from the README "License" section (low confidence)'],
      };
    }
    return {
      ...result,
      confidence: roundConfidence(Math.min(0.5, result.confidence / 2)),
      matches: result.matches.map((m) => ({ ...m, confidence: roundConfidence(m.confidence / 2) })),
      notes: [...result.notes, 'from the README "License" section (low confidence)'].sort(),
    };
  } catch {
    return null;
  }
}
