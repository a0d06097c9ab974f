import parseSpdx from 'spdx-expression-parse';
import semver from '../util/semver';
import { validateRuleConfig } from '../evaluate';
import { DISTRIBUTIONS, isProfileName, parseProfileSpec, splitPackageSpec } from './names';
import { isIsoDate } from '../util/date';
import { isRecord } from '../util/record';

export { isProfileName, splitPackageSpec };

const TOP_LEVEL_KEYS = ['$schema', 'profile', 'rules', 'ignore', 'exceptions', 'overrides', 'includeDev'];

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

  const profile = config.profile;
  if (profile !== undefined) {
    if (typeof profile === 'string') {
      if (!isProfileName(profile)) problems.push(`profile: "${profile}" is not one of ${DISTRIBUTIONS.join(', ')}, auto (optionally with ":noncommercial")`);
    } else if (isRecord(profile)) {
      for (const key of Object.keys(profile)) {
        if (key !== 'distribution' && key !== 'commercial') problems.push(`profile.${key}: unknown key (allowed: distribution, commercial)`);
      }
      if (profile.distribution !== undefined && !parseProfileSpec({ distribution: profile.distribution }).ok) {
        problems.push(`profile.distribution: "${String(profile.distribution)}" is not one of ${DISTRIBUTIONS.join(', ')}, auto`);
      }
      if (profile.commercial !== undefined && typeof profile.commercial !== 'boolean') {
        problems.push('profile.commercial: must be true or false');
      }
    } else {
      problems.push('profile: must be a name or an object {distribution, commercial}');
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
    problems.push(`${at}.version: "${String(entry.version)}" is not a valid semver range`);
  }
  if (entry.rule !== undefined && typeof entry.rule !== 'string') problems.push(`${at}.rule: must be a rule id or "*"`);
  if (typeof entry.reason !== 'string' || entry.reason.trim() === '') problems.push(`${at}.reason: required, say why the exception is acceptable`);
  if (entry.expires !== undefined && !isIsoDate(entry.expires)) problems.push(`${at}.expires: "${String(entry.expires)}" is not a date (YYYY-MM-DD)`);
  return problems;
}

function isValidSpdx(value: string): boolean {
  try {
    parseSpdx(value);
    return true;
  } catch {
    return false;
  }
}

