/**
 * Converting licenses, decided once for every rule: a BSL version whose Change Date has passed,
 * or an FSL version two years after its release, is available under its Change License (the
 * licensor's grant takes effect by itself), so it is classified as that license. The conversion
 * is kept as a fact (`ClassifiedLicense.conversion`) and the rules say it once, as an info.
 *
 * - BUSL-1.1: "Effective on the Change Date, or the fourth anniversary of the first publicly
 *   available distribution of a specific version of the Licensed Work under this License,
 *   whichever comes first": the Change Date as written (an exact date, or an upper bound such as
 *   "the earlier of 2023-04-01 or a date specified at …"), and, when the version's release date
 *   is known, release + 4 years — the earlier of the two.
 * - FSL-1.0/1.1 (-MIT, -ALv2/-Apache-2.0): "on the second anniversary of the date we make the
 *   Software available": release + 2 years. Without a release date the conversion is `undated`
 *   and a note says so.
 *
 * The run's date (`today`) is injected (`--today`, `LICENSE_RISK_TODAY`, tests): nothing here
 * reads the clock.
 */
import type { LicenseConversion, LicenseParameters } from '../types';
import { addYears, isIsoDate } from '../util/date';
import { expressionToString, leaves, licenseIdFromPhrase, mapLeaves, parseExpression } from './expression';
import { getLicenseInfo } from './knowledge';

/** How a converting license converts: years after the release, and its default target. */
interface Converter {
  /** Years after the version's release (BSL 1.1: the fourth anniversary bounds the Change Date); 0: none. */
  years: number;
  /** The future license the id itself names (FSL-1.1-MIT → MIT); BSL's is a parameter. */
  target?: string;
  /** Whether the date is the Change Date parameter (BSL) rather than only the release. */
  changeDate: boolean;
}

const CONVERTERS: Record<string, Converter> = {
  'BUSL-1.1': { years: 4, changeDate: true },
  // BSL 1.0 (MariaDB): the Change Date alone, no anniversary bound.
  'LicenseRef-scancode-bsl-1.0': { years: 0, changeDate: true },
  'FSL-1.1-MIT': { years: 2, target: 'MIT', changeDate: false },
  'FSL-1.1-ALv2': { years: 2, target: 'Apache-2.0', changeDate: false },
  'FSL-1.1-Apache-2.0': { years: 2, target: 'Apache-2.0', changeDate: false },
  'LicenseRef-scancode-fsl-1.0-mit': { years: 2, target: 'MIT', changeDate: false },
  'LicenseRef-scancode-fsl-1.0-apache-2.0': { years: 2, target: 'Apache-2.0', changeDate: false },
};

const CONVERTER_IDS = Object.keys(CONVERTERS);

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** An ISO date for "2023-04-01", "April 1, 2023" or "1 April 2023" in `text`; null otherwise. */
function dateIn(text: string): string | null {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return isIsoDate(iso[0]) ? iso[0] : null;
  const named =
    /\b([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b/i.exec(text) ?? /\b(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})\b/i.exec(text);
  if (!named) return null;
  const [monthWord, day] = /^\d/.test(named[1]) ? [named[2], named[1]] : [named[1], named[2]];
  const month = MONTHS.findIndex((m) => m.startsWith(monthWord.toLowerCase()) && monthWord.length >= 3);
  if (month < 0) return null;
  const date = `${named[3]}-${String(month + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(date) ? date : null;
}

/**
 * A Change Date as written, read as a date: exact ("2027-01-01", "January 1, 2027") or an upper
 * bound ("the earlier of 2023-04-01 or a date specified at …", "… whichever comes first"): the
 * licensor may convert sooner, never later, so once the bound is past the license has converted.
 */
export function changeDateBound(written: string): { date: string; exact: boolean } | null {
  const value = written.trim().replace(/[.;]+$/, '');
  const exactIso = isIsoDate(value) ? value : null;
  if (exactIso) return { date: exactIso, exact: true };
  const date = dateIn(value);
  if (!date) return null;
  if (/\b(?:earlier of|earliest of|whichever (?:comes|is) (?:first|earlier|sooner)|or (?:earlier|sooner)|no later than|at the latest)\b/i.test(value)) return { date, exact: false };
  // Only a bare date with nothing else that could move it.
  const rest = value.replace(/\b\d{4}-\d{2}-\d{2}\b|\b[a-z]+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}\b|\b\d{1,2}(?:st|nd|rd|th)? [a-z]+,? \d{4}\b/gi, '').trim();
  return rest === '' ? { date, exact: true } : null;
}

/** The result of reading a converting license against the run's date. */
export interface ConversionOutcome {
  conversion: LicenseConversion;
  /** For `converted`: the expression to classify instead (the Change License in place of the converting ids). */
  expression?: string;
  note: string;
}

/**
 * How the converting licenses in `expression` stand on `today`; null when it holds none.
 * `released`: the version's publication date (YYYY-MM-DD), when some evidence says.
 */
export function readConversion(expression: string | null, parameters: LicenseParameters | undefined, today: string, released: string | undefined): ConversionOutcome | null {
  // Most expressions name no converting license: an id in the tree is a substring of the text.
  if (!expression || !CONVERTER_IDS.some((id) => expression.includes(id))) return null;
  const parsed = parseExpression(expression);
  if (!parsed.ok) return null;
  const converting = [...new Set(leaves(parsed.node).map((leaf) => leaf.license).filter((id) => Object.prototype.hasOwnProperty.call(CONVERTERS, id)))];
  if (converting.length === 0) return null;
  const from = converting.join(' AND ');
  const converter = CONVERTERS[converting[0]];
  const params = parameters ?? {};
  const written = params.changeLicense ?? params.futureLicense;
  const named = written ? licenseIdFromPhrase(written) : null;
  const to = named && getLicenseInfo(named) ? named : converter.target;
  const releasedDate = released && isIsoDate(released) ? released : undefined;

  // Every bound that applies; the earliest one decides.
  const bounds: Array<{ date: string; basis: string }> = [];
  if (converter.changeDate && params.changeDate) {
    const bound = changeDateBound(params.changeDate);
    if (bound) bounds.push({ date: bound.date, basis: bound.exact ? `Change Date ${bound.date}` : `Change Date "${params.changeDate}" (${bound.date} at the latest)` });
  }
  if (releasedDate && converter.years > 0) {
    const anniversary = converter.years === 2 ? 'second' : 'fourth';
    bounds.push({ date: addYears(releasedDate, converter.years), basis: `the ${anniversary} anniversary of this version's release (${releasedDate})` });
  }
  bounds.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = bounds[0];
  const target = to ?? (written ? `"${written}"` : 'its Change License');

  if (!first) {
    const why = converter.changeDate
      ? params.changeDate
        ? `its Change Date "${params.changeDate}" is not a date`
        : 'no Change Date was found in its text'
      : "this version's release date is not known here (no packument `time` in the lockfile, installed metadata or caches; `--online` asks the registry)";
    const years = converter.years === 2 ? 'two' : 'four';
    const when = converter.years > 0 ? `${years} years after this version's release at the latest` : 'on its Change Date';
    return {
      conversion: { state: 'undated', from, ...(to ? { to } : {}), basis: converter.years > 0 ? `${years} years after this version's release` : 'its Change Date' },
      note: `${from} converts to ${target} ${when}, but ${why}: judged under ${from} until then`,
    };
  }
  if (first.date > today) {
    return {
      conversion: { state: 'pending', from, ...(to ? { to } : {}), date: first.date, basis: first.basis },
      note: `${from} converts to ${target} on ${first.date} (${first.basis})`,
    };
  }
  if (!to) {
    return {
      conversion: { state: 'pending', from, date: first.date, basis: first.basis },
      note: `${from} converted on ${first.date} (${first.basis}), but its Change License ${target} is not a license this tool knows: still judged under ${from}`,
    };
  }
  const convertingIds = new Set(converting);
  const converted = expressionToString(mapLeaves(parsed.node, (leaf) => (convertingIds.has(leaf.license) ? { license: to } : leaf)));
  return {
    conversion: { state: 'converted', from, to, date: first.date, basis: first.basis },
    expression: converted,
    note: `${from} converted to ${to} on ${first.date} (${first.basis}): this version is judged under ${converted}`,
  };
}
