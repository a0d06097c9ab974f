/** What kind of document a text is, and which of its lines are not the license itself. */

export function looksLikeNonLicenseDocument(lines: string[]): string | null {
  let code = 0;
  let nonEmpty = 0;
  let otherHeadings = 0;
  let versionHeadings = 0;
  for (const line of lines) {
    if (!line.trim()) continue;
    nonEmpty++;
    if (/[;{}]\s*$|^\s*(?:import|export|function|const|let|var|def|class|public|private|return|#include|package|from \S+ import)\b|=>|\)\s*\{/.test(line)) code++;
    const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      if (/^\[?v?\d+\.\d+/.test(heading[1])) versionHeadings++;
      else if (/\b(?:install|installation|usage|getting started|examples?|api|features|contributing|changelog|change log|release notes|build|quick ?start|requirements|configuration|development|tests?|testing|documentation|options|roadmap|unreleased|added|fixed|changed|removed|how to|setup|overview|introduction|motivation)\b/i.test(heading[1])) otherHeadings++;
    }
  }
  if (versionHeadings >= 1) return 'changelog';
  if (code >= 3 && code >= nonEmpty * 0.15) return 'source code';
  if (otherHeadings >= 1) return 'README or documentation';
  return null;
}

/**
 * Build tools (Vite, Rollup, Vitest, …) append the licenses of the code they bundle under a
 * heading such as "# Licenses of bundled dependencies". Those are notices, not the package's
 * license: counting them turns a declared MIT into "MIT AND Apache-2.0 AND …" and costs most of
 * the matching time of a whole tree. Returns the heading's 1-based line, or 0.
 */
const BUNDLED_NOTICES_HEADING =
  /^\s*(?:#{1,6}\s*)?(?:licen[cs]es? (?:of|for) (?:the )?(?:bundled|included|vendored|embedded|third[- ]party) (?:dependencies|software|code|libraries|packages|modules)|third[- ]party (?:licen[cs]es|notices|software notices(?: and licen[cs]es)?)|bundled (?:dependencies|dependency licen[cs]es))\s*:?\s*$/i;

export function bundledNoticesStart(lines: readonly string[]): number {
  for (let i = 1; i < lines.length; i++) {
    if (!BUNDLED_NOTICES_HEADING.test(lines[i])) continue;
    // Only when the package's own license text comes first.
    if (lines.slice(0, i).join(' ').split(/\s+/).filter(Boolean).length >= 20) return i + 1;
    return 0;
  }
  return 0;
}

/** Tokens of a leading one-line title (short, no sentence punctuation), or 0. */
export function titleTokenCount(stream: { tokens: string[]; lines: number[] }, lines: string[]): number {
  if (stream.tokens.length === 0) return 0;
  const first = stream.lines[0];
  let k = 0;
  while (k < stream.tokens.length && stream.lines[k] === first) k++;
  const text = (lines[first - 1] ?? '').trim();
  return k <= 12 && k < stream.tokens.length && !/[.;:,]$/.test(text) ? k : 0;
}
