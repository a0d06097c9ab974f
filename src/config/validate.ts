import parseSpdx from 'spdx-expression-parse';
import semver from '../util/semver';
import { validateRuleConfig } from '../evaluate';
import { DISTRIBUTIONS, isProfileName, parseProfileSpec, splitPackageSpec } from './names';
import { CATEGORY_ORDER } from '../types';
import { isIsoDate } from '../util/date';
import { isRecord } from '../util/record';

export { isProfileName, splitPackageSpec };

const TOP_LEVEL_KEYS = ['$schema', 'profile', 'rules', 'ignore', 'exceptions', 'overrides', 'includeDev', 'licenses', 'workspaces'];
const WORKSPACE_KEYS = ['profile', 'rules', 'ignore'];

/**
 * Checks a config object and returns one message per problem, each starting with the key path
 * (`exceptions[2].expires`), so the user can find it. Mirrors `schema/config.schema.json`.
 */
export function validateConfig(config: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(config)) return ['the config must be an object'];

  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`${key}: unknown key (allowed: ${TOP_LEVEL_KEYS.slice(1).join(', ')})`);
  }

  problems.push(...validateProfile(config.profile, 'profile'));

  if (config.workspaces !== undefined) {
    if (!isRecord(config.workspaces)) problems.push('workspaces: must be an object mapping a workspace folder glob to {profile, rules, ignore}');
    else {
      for (const [glob, entry] of Object.entries(config.workspaces)) {
        const at = `workspaces["${glob}"]`;
        if (glob.trim() === '' || glob.startsWith('/') || glob.split('/').includes('..')) problems.push(`${at}: the glob must be a folder relative to the checkout root ("." for the root)`);
        if (!isRecord(entry)) {
          problems.push(`${at}: must be an object with profile, rules and/or ignore`);
          continue;
        }
        for (const key of Object.keys(entry)) if (!WORKSPACE_KEYS.includes(key)) problems.push(`${at}.${key}: unknown key (allowed: ${WORKSPACE_KEYS.join(', ')})`);
        problems.push(...validateProfile(entry.profile, `${at}.profile`));
        if (entry.rules !== undefined) problems.push(...validateRuleConfig(entry.rules).map((p) => `${at}.${p}`));
        if (entry.ignore !== undefined) {
          if (!Array.isArray(entry.ignore)) problems.push(`${at}.ignore: must be an array of glob patterns`);
          else entry.ignore.forEach((p, i) => typeof p !== 'string' && problems.push(`${at}.ignore[${i}]: must be a string glob pattern`));
        }
      }
    }
  }

  if (config.rules !== undefined) problems.push(...validateRuleConfig(config.rules));

  if (config.ignore !== undefined) {
    if (!Array.isArray(config.ignore)) problems.push('ignore: must be an array of glob patterns');
    else config.ignore.forEach((p, i) => typeof p !== 'string' && problems.push(`ignore[${i}]: must be a string glob pattern`));
  }

  if (config.includeDev !== undefined && typeof config.includeDev !== 'boolean') {
    problems.push('includeDev: must be true or false');
  }

  if (config.licenses !== undefined) problems.push(...validateLicensePolicy(config.licenses));

  if (config.exceptions !== undefined) {
    if (!Array.isArray(config.exceptions)) problems.push('exceptions: must be an array');
    else config.exceptions.forEach((entry, i) => problems.push(...validateException(entry, `exceptions[${i}]`)));
  }

  if (config.overrides !== undefined) {
    if (!isRecord(config.overrides)) problems.push('overrides: must be an object mapping "package@range" to an SPDX expression');
    else {
      for (const [key, value] of Object.entries(config.overrides)) {
        const at = `overrides["${key}"]`;
        const { range } = splitPackageSpec(key);
        if (range !== '*' && semver.validRange(range) === null) problems.push(`${at}: "${range}" is not a valid semver range`);
        if (typeof value !== 'string') problems.push(`${at}: must be an SPDX expression string`);
        else if (!isValidSpdx(value)) problems.push(`${at}: "${value}" is not a valid SPDX expression`);
      }
    }
  }
  return problems;
}

function validateException(entry: unknown, at: string): string[] {
  if (!isRecord(entry)) return [`${at}: must be an object {package, version?, rule?, reason, expires?}`];
  const problems: string[] = [];
  const allowed = ['package', 'version', 'rule', 'reason', 'expires'];
  for (const key of Object.keys(entry)) if (!allowed.includes(key)) problems.push(`${at}.${key}: unknown key (allowed: ${allowed.join(', ')})`);
  if (typeof entry.package !== 'string' || entry.package === '') problems.push(`${at}.package: required, the package name`);
  if (entry.version !== undefined && (typeof entry.version !== 'string' || semver.validRange(entry.version) === null)) {
    problems.push(`${at}.version: "${shown(entry.version)}" is not a valid semver range`);
  }
  if (entry.rule !== undefined && typeof entry.rule !== 'string') problems.push(`${at}.rule: must be a rule id or "*"`);
  if (typeof entry.reason !== 'string' || entry.reason.trim() === '') problems.push(`${at}.reason: required, say why the exception is acceptable`);
  if (entry.expires !== undefined && !isIsoDate(entry.expires)) problems.push(`${at}.expires: "${shown(entry.expires)}" is not a date (YYYY-MM-DD)`);
  return problems;
}

/** `licenses: {allow, deny, confidence}`: each entry a license id or `category:<name>`, none both allowed and denied. */
function validateLicensePolicy(value: unknown): string[] {
  if (!isRecord(value)) return ['licenses: must be an object {allow?, deny?, confidence?}'];
  const problems: string[] = [];
  for (const key of Object.keys(value)) if (!['allow', 'deny', 'confidence'].includes(key)) problems.push(`licenses.${key}: unknown key (allowed: allow, deny, confidence)`);
  const lists: Record<string, string[]> = {};
  for (const key of ['allow', 'deny'] as const) {
    const list = value[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.push(`licenses.${key}: must be an array of license ids or "category:<name>"`);
      continue;
    }
    lists[key] = [];
    list.forEach((entry, i) => {
      const at = `licenses.${key}[${i}]`;
      if (typeof entry !== 'string') return problems.push(`${at}: must be a string`);
      const category = /^category:(.*)$/i.exec(entry.trim());
      if (category) {
        if (!CATEGORIES.includes(category[1].trim().toLowerCase())) problems.push(`${at}: "${entry}" names no category (one of ${CATEGORIES.join(', ')})`);
      } else if (!isSingleLicense(entry)) {
        problems.push(`${at}: "${entry}" is not one SPDX license id (or "id WITH exception"); write "category:<name>" for a category`);
      }
      lists[key].push(entry.trim());
    });
  }
  for (const entry of lists.allow ?? []) if ((lists.deny ?? []).includes(entry)) problems.push(`licenses: "${entry}" is both allowed and denied`);
  if (value.confidence !== undefined && (typeof value.confidence !== 'number' || value.confidence < 0 || value.confidence > 1)) {
    problems.push('licenses.confidence: must be a number from 0 to 1');
  }
  return problems;
}

const CATEGORIES: string[] = [...CATEGORY_ORDER];

function isSingleLicense(value: string): boolean {
  try {
    const parsed = parseSpdx(value.trim()) as { license?: string };
    return typeof parsed.license === 'string';
  } catch {
    return false;
  }
}

function isValidSpdx(value: string): boolean {
  try {
    parseSpdx(value);
    return true;
  } catch {
    return false;
  }
}

/** A `profile` value (top level or a workspace's); each problem starts with its key path. */
function validateProfile(profile: unknown, at: string): string[] {
  const problems: string[] = [];
  if (profile === undefined) return problems;
  if (typeof profile === 'string') {
    if (!isProfileName(profile)) problems.push(`${at}: "${profile}" is not one of ${DISTRIBUTIONS.join(', ')}, auto (optionally with ":noncommercial")`);
  } else if (isRecord(profile)) {
    for (const key of Object.keys(profile)) {
      if (key !== 'distribution' && key !== 'commercial') problems.push(`${at}.${key}: unknown key (allowed: distribution, commercial)`);
    }
    if (profile.distribution !== undefined && !parseProfileSpec({ distribution: profile.distribution }).ok) {
      problems.push(`${at}.distribution: "${shown(profile.distribution)}" is not one of ${DISTRIBUTIONS.join(', ')}, auto`);
    }
    if (profile.commercial !== undefined && typeof profile.commercial !== 'boolean') problems.push(`${at}.commercial: must be true or false`);
  } else {
    problems.push(`${at}: must be a name or an object {distribution, commercial}`);
  }
  return problems;
}

/** A config value as a problem message quotes it: strings as written, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
}
