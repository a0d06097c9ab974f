/**
 * Where each ecosystem's metadata is asked for. Each registry can be pointed elsewhere with a
 * `LICENSE_RISK_REGISTRY_<NAME>` variable (a mirror, a proxy repository, a test server); PyPI
 * and Maven also honour their own tools' settings (`PIP_INDEX_URL` / pip.conf, the mirrors of
 * `~/.m2/settings.xml`). npm is configured through `.npmrc` (see npmrc.ts).
 * Credentials written into a URL (`https://user:pass@host/…`) become a Basic header for that
 * host and are removed from the URL, so they never reach the cache or a message.
 */
import { readRegularFileSync } from '../read/fs';
import * as path from 'node:path';
import type { Diagnostic } from '../types';
import { parseXml } from './client';
import { asArray, xmlText } from './values';
import { isRecord } from '../util/record';
import { ECOSYSTEM_LIST, type RegistryName } from '../ecosystems';

export type Endpoint =
  | { ok: true; url: URL; authorization?: string; origin: string }
  /** `unsupported`: a valid setting this tool cannot use (reported once, not per package). */
  | { ok: false; error: string; unsupported?: boolean };

/** One endpoint per registry with a settable URL (the `registry.endpoint` of each descriptor in src/ecosystems). */
export type RegistrySettings = Record<RegistryName, Endpoint>;

const ENDPOINTS = ECOSYSTEM_LIST.flatMap((d) => (d.registry.endpoint ? [d.registry.endpoint] : []));

/** The override variables (`LICENSE_RISK_REGISTRY_<NAME>`), documented in src/online/README.md. */
export const REGISTRY_ENV = Object.fromEntries(ENDPOINTS.map((e) => [e.name, e.env])) as Record<RegistryName, string>;

export const DEFAULT_REGISTRIES = Object.fromEntries(ENDPOINTS.map((e) => [e.name, e.url])) as Record<RegistryName, string>;

/** A setting's value fit for a message: any `user:password@` part is masked. */
function redact(raw: string): string {
  return raw.replace(/\/\/[^/@\s]*@/, '//***@');
}

/** Parses an http(s) URL and moves any credentials in it into an Authorization header. */
export function endpoint(raw: string, origin: string): Endpoint {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `${origin} "${redact(raw)}" is not a URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `${origin} "${url.protocol}//${url.host}${url.pathname}" is not an http(s) URL` };
  }
  let authorization: string | undefined;
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { ok: true, url, authorization, origin };
}

function homeDir(env: NodeJS.ProcessEnv): string | undefined {
  return env.HOME || env.USERPROFILE || undefined;
}

function readOptional(file: string, diagnostics: Diagnostic[]): string | undefined {
  try {
    return readRegularFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      diagnostics.push({ code: 'registry-config-unreadable', severity: 'warn', file, message: `cannot read (${code})` });
    }
    return undefined;
  }
}

/** `index-url` from a pip.conf `[global]` or `[install]` section (install wins, as in pip). */
export function pipIndexUrlFromConf(text: string): string | undefined {
  let section = '';
  const found: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && kv[1].toLowerCase().replace(/_/g, '-') === 'index-url') found[section] = kv[2].trim();
  }
  return found.install ?? found.global;
}

/** pip's index URL: PIP_INDEX_URL, then PIP_CONFIG_FILE, then the user's pip.conf files. */
function pipIndexUrl(env: NodeJS.ProcessEnv, diagnostics: Diagnostic[]): { url: string; origin: string } | undefined {
  if (env.PIP_INDEX_URL?.trim()) return { url: env.PIP_INDEX_URL.trim(), origin: 'PIP_INDEX_URL' };
  const home = homeDir(env);
  const files: string[] = [];
  if (env.PIP_CONFIG_FILE && env.PIP_CONFIG_FILE !== 'os.devnull') files.push(env.PIP_CONFIG_FILE);
  const configHome = env.XDG_CONFIG_HOME || (home ? path.join(home, '.config') : undefined);
  if (configHome) files.push(path.join(configHome, 'pip', 'pip.conf'));
  if (home) files.push(path.join(home, '.pip', 'pip.conf'));
  if (env.APPDATA) files.push(path.join(env.APPDATA, 'pip', 'pip.ini'));
  for (const file of files) {
    const text = readOptional(file, diagnostics);
    const url = text === undefined ? undefined : pipIndexUrlFromConf(text);
    if (url) return { url, origin: `index-url in ${file}` };
  }
  return undefined;
}

/**
 * A simple-index URL (`…/simple/`) becomes the JSON API of the same server (`…/pypi/<name>/…`),
 * which PyPI, TestPyPI and the common PyPI-compatible proxies serve. Other index layouts have
 * no known JSON API: they are reported as unsupported rather than guessed.
 */
export function pypiJsonBase(indexUrl: string, origin: string): Endpoint {
  const parsed = endpoint(indexUrl, origin);
  if (!parsed.ok) return parsed;
  const { url } = parsed;
  if (!/\/simple\/?$/.test(url.pathname)) {
    return {
      ok: false,
      error: `${origin} ${url.host}${url.pathname} is not a PyPI-style "/simple" index, so its JSON API is unknown (not supported; set ${REGISTRY_ENV.pypi} to a PyPI-compatible JSON API)`,
      unsupported: true,
    };
  }
  url.pathname = url.pathname.replace(/simple\/?$/, '');
  url.search = '';
  return { ...parsed, url };
}

/** A mirror in ~/.m2/settings.xml that stands in for Maven Central, with its server's login. */
function mavenMirror(env: NodeJS.ProcessEnv, diagnostics: Diagnostic[]): Endpoint | undefined {
  const home = homeDir(env);
  if (!home) return undefined;
  const file = path.join(home, '.m2', 'settings.xml');
  const text = readOptional(file, diagnostics);
  if (text === undefined) return undefined;
  let doc: unknown;
  try {
    doc = parseXml(text);
  } catch (err) {
    diagnostics.push({ code: 'registry-config-invalid', severity: 'warn', file, message: `${(err as Error).message}; its mirrors are ignored` });
    return undefined;
  }
  const settings = isRecord(doc) && isRecord(doc.settings) ? doc.settings : undefined;
  if (!settings) return undefined;
  const mirrors = isRecord(settings.mirrors) ? asArray(settings.mirrors.mirror) : [];
  for (const mirror of mirrors) {
    if (!isRecord(mirror)) continue;
    const mirrorOf = (xmlText(mirror.mirrorOf) ?? '').split(',').map((s) => s.trim());
    const url = xmlText(mirror.url);
    if (!url || !mirrorOf.some((m) => m === '*' || m === 'central' || m === 'external:*')) continue;
    const found = endpoint(url, `mirror in ${file}`);
    if (!found.ok) return found;
    const id = xmlText(mirror.id);
    const servers = isRecord(settings.servers) ? asArray(settings.servers.server) : [];
    const server = servers.find((s) => isRecord(s) && id !== undefined && xmlText(s.id) === id) as Record<string, unknown> | undefined;
    const username = server && xmlText(server.username);
    const password = server && xmlText(server.password);
    // Encrypted passwords ({…}) need the master key; send nothing rather than garbage.
    if (username && password && !/^\{.*\}$/.test(password)) {
      found.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    return found;
  }
  return undefined;
}

export function loadRegistrySettings(env: NodeJS.ProcessEnv, diagnostics: Diagnostic[]): RegistrySettings {
  const fromEnv = (key: RegistryName): Endpoint | undefined => {
    const raw = env[REGISTRY_ENV[key]];
    return raw?.trim() ? endpoint(raw, REGISTRY_ENV[key]) : undefined;
  };
  const fallback = (key: RegistryName): Endpoint => endpoint(DEFAULT_REGISTRIES[key], 'default');
  // Each registry: its LICENSE_RISK_REGISTRY_<NAME> variable, else its own tool's setting (below), else the default.
  const toolSetting: Partial<Record<RegistryName, () => Endpoint | undefined>> = {
    pypi: () => {
      const pip = pipIndexUrl(env, diagnostics);
      return pip ? pypiJsonBase(pip.url, pip.origin) : undefined;
    },
    maven: () => mavenMirror(env, diagnostics),
    huggingface: () => (env.HF_ENDPOINT?.trim() ? endpoint(env.HF_ENDPOINT, 'HF_ENDPOINT') : undefined),
  };
  const settings = {} as RegistrySettings;
  for (const { name } of ENDPOINTS) settings[name] = fromEnv(name) ?? toolSetting[name]?.() ?? fallback(name);
  settings.huggingface = huggingfaceEndpoint(env, settings.huggingface);
  return settings;
}

/**
 * `HF_TOKEN` (huggingface_hub's own variable) goes to the Hub, or to the `HF_ENDPOINT` mirror
 * huggingface_hub itself would send it to, never to another server.
 */
function huggingfaceEndpoint(env: NodeJS.ProcessEnv, ep: Endpoint): Endpoint {
  const token = env.HF_TOKEN?.trim() || env.HUGGING_FACE_HUB_TOKEN?.trim();
  if (!ep.ok || ep.authorization || !token) return ep;
  const hfEndpointHost = (() => {
    try {
      return env.HF_ENDPOINT ? new URL(env.HF_ENDPOINT).host : undefined;
    } catch {
      return undefined;
    }
  })();
  if (ep.url.host !== 'huggingface.co' && ep.url.host !== hfEndpointHost) return ep;
  return { ...ep, authorization: `Bearer ${token}` };
}
