/**
 * Parameters that decide what a source-available license means in practice: the BSL
 * parameter block (Licensor, Licensed Work, Additional Use Grant, Change Date, Change
 * License; BSL 0.9/1.0 says `Software` and `Use Limitation`), the FSL future license and
 * its two-year rule, and the Commons Clause Software / License / Licensor fields.
 */
import type { LicenseParameters } from '../../types';
import { cleanText } from './normalize';

/** Maps a license phrase (e.g. `MPL 2.0`) to one SPDX id, or null. Injected to avoid a cycle. */
export type LicenseNameResolver = (phrase: string) => string | null;

const BSL_FIELDS: Array<{ label: RegExp; key: keyof LicenseParameters }> = [
  { label: /^licensor$/i, key: 'licensor' },
  { label: /^(?:licensed work|software)$/i, key: 'licensedWork' },
  { label: /^(?:additional use grant|use limitation)$/i, key: 'additionalUseGrant' },
  { label: /^change date$/i, key: 'changeDate' },
  { label: /^change license$/i, key: 'changeLicense' },
];

/** `Label:` at the start of a line, allowing Markdown emphasis around the label. */
const FIELD_LINE = /^\s*[*_]{0,2}([A-Za-z][A-Za-z ]{2,30}?)[*_]{0,2}\s*:[*_]{0,2}\s*(.*)$/;

/** Lines that end the parameter block (the license body or a contact note starts). */
const BLOCK_END =
  /^\s*(?:[-=_]{5,}|#*\s*notice\s*$|#*\s*terms\s*$|for information about alternative licensing|the licensor hereby grants|license text copyright|this license does not apply)/i;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function tidy(value: string): string {
  return value
    .replace(/[*`]+/g, '')
    .replace(/(^|\s)_+|_+(?=\s|$|[.,;:])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `2027-04-10` stays; `July 1, 2025` / `1 July 2025` become ISO; anything else is kept as written. */
export function normaliseChangeDate(value: string): string {
  const v = tidy(value).replace(/\.$/, '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  let m = /^([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(v);
  if (m && MONTHS.includes(m[1].toLowerCase())) return iso(+m[3], MONTHS.indexOf(m[1].toLowerCase()) + 1, +m[2]);
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+),?\s+(\d{4})$/.exec(v);
  if (m && MONTHS.includes(m[2].toLowerCase())) return iso(+m[3], MONTHS.indexOf(m[2].toLowerCase()) + 1, +m[1]);
  return v;
}

function iso(y: number, mo: number, d: number): string {
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Extracts the BSL parameter block; returns only the fields found. */
export function extractBslParameters(text: string, resolve: LicenseNameResolver): LicenseParameters {
  const lines = cleanText(text).split('\n');
  const found: Partial<Record<keyof LicenseParameters, string[]>> = {};
  let current: keyof LicenseParameters | null = null;
  const seen = new Set<string>();
  let blankRun = 0;
  // The block sits near the top; stop at the body so clause text is never read as a field.
  for (const line of lines.slice(0, 120)) {
    if (BLOCK_END.test(line) && Object.keys(found).length > 0) break;
    const m = FIELD_LINE.exec(line);
    const field = m ? BSL_FIELDS.find((f) => f.label.test(m[1].trim())) : undefined;
    if (m && field && !seen.has(field.key as string)) {
      seen.add(field.key as string);
      current = field.key;
      found[current] = m[2].trim() ? [m[2]] : [];
      blankRun = 0;
      continue;
    }
    if (!current) continue;
    if (line.trim() === '') {
      blankRun++;
      // The last field of the block ends at its first blank line; earlier ones may hold paragraphs.
      if (seen.size === BSL_FIELDS.length || blankRun > 1) current = null;
      continue;
    }
    if (m && !field && blankRun > 0) {
      current = null;
      continue;
    }
    if (blankRun > 0 && current !== 'additionalUseGrant') {
      current = null;
      continue;
    }
    blankRun = 0;
    found[current]!.push(line);
  }
  const params: LicenseParameters = {};
  for (const { key } of BSL_FIELDS) {
    const parts = found[key];
    if (!parts) continue;
    let value = tidy(parts.join('\n'));
    if (!value) continue;
    if (key === 'licensedWork') value = value.replace(/\s*The (?:Licensed Work|Software) is (?:\(c\)|©|Copyright).*$/i, '').replace(/\.$/, '');
    if (key === 'changeDate') value = normaliseChangeDate(value);
    if (key === 'changeLicense') value = resolve(value) ?? value.replace(/\.$/, '');
    if (key === 'licensor') value = value.replace(/\.$/, (dot) => (/\b(?:Inc|Ltd|Co|Corp|plc)\.$/i.test(value) ? dot : ''));
    params[key] = value;
  }
  return params;
}

/** FSL: the future license (from the title or the grant) and the two-year conversion rule. */
export function extractFslParameters(text: string, resolve: LicenseNameResolver): LicenseParameters {
  const clean = cleanText(text);
  const params: LicenseParameters = {};
  const title = /Functional Source License,?\s+Version\s+[\d.]+,\s*(.+?)\s+(?:Future|Change)\s+License/i.exec(clean);
  const grant = /additional license to use the Software under the (.+?) that is effective on the (\w+) anniversary/i.exec(clean.replace(/\s+/g, ' '));
  const future = (title && resolve(title[1])) ?? (grant && resolve(grant[1])) ?? null;
  if (future) params.futureLicense = future;
  else if (title) params.futureLicense = title[1].trim();
  if (grant) params.changeDate = `${grant[2].toLowerCase()} anniversary of the date the Software is made available`;
  return params;
}

/** Commons Clause fields, as `Software: …` lines or the prose "the “Licensor” is …" form. */
export function extractCommonsClauseParameters(text: string, resolve: LicenseNameResolver): LicenseParameters {
  const clean = cleanText(text);
  const params: LicenseParameters = {};
  const field = (label: string): string | undefined => {
    const m = new RegExp(`^\\s*[*_]{0,2}${label}[*_]{0,2}\\s*:\\s*(.+)$`, 'im').exec(clean);
    const v = m ? tidy(m[1]) : undefined;
    return v && !/^\[.*\]$/.test(v) ? v : undefined;
  };
  let software = field('Software');
  let license = field('License');
  let licensor = field('Licensor');
  const flat = clean.replace(/\s+/g, ' ');
  const prose = /the ["“]?Licensor["”]? is (.+?), the ["“]?License["”]? is (?:the )?(.+?),? and the ["“]?Software["”]? is (?:the )?(.+?)(?: provided with this notice)?\.(?:\s|$)/i.exec(flat);
  if (prose) {
    licensor ??= prose[1].trim();
    license ??= prose[2].trim();
    software ??= prose[3].replace(/\s+software$/i, '').trim();
  }
  if (software) params.software = software;
  if (license) params.license = resolve(license) ?? license;
  if (licensor) params.licensor = licensor.replace(/\.$/, (dot) => (/\b(?:Inc|Ltd|Co|Corp|plc)\.$/i.test(licensor) ? dot : ''));
  return params;
}
