/**
 * The slice of npm's configuration that decides where a package's metadata lives and which
 * credentials go with it: `registry`, `@scope:registry` and the per-registry auth keys
 * (`//host/path/:_authToken`, `:_auth`, `:username` + `:_password`). Layers, weakest first:
 * npm's default, the user config (`$HOME/.npmrc` or `npm_config_userconfig`), the project
 * `.npmrc` nearest the lockfile, and `npm_config_*` environment variables — npm's own order.
 */
import { readRegularFileSync } from '../read/fs';
import * as path from 'node:path';
import type { Diagnostic, SafeFs } from '../types';
import { pathSegment } from '../util/url';

export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

export type NpmConfig = Map<string, string>;

/** Expands `${VAR}` (and npm 9's optional `${VAR?}`) from the environment, as npm does. */
function expandEnv(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\{([^${}?]+)(\?)?\}/g, (whole, name: string, optional?: string) => env[name] ?? (optional ? '' : whole));
}

/** Parses ini-style `.npmrc` text; sections are ignored (npm reads only top-level keys). */
export function parseNpmrc(text: string, env: NodeJS.ProcessEnv): NpmConfig {
  const config: NpmConfig = new Map();
  let inSection = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    if (/^\[.*\]$/.test(line)) {
      inSection = true;
      continue;
    }
    if (inSection) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = expandEnv(line.slice(0, eq).trim(), env);
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) {
      value = value.slice(1, -1);
    }
    config.set(key, expandEnv(value, env));
  }
  return config;
}

/** `npm_config_*` variables as config keys (`npm_config_foo_bar` → `foo-bar`; `//…` kept). */
function envConfig(env: NodeJS.ProcessEnv): NpmConfig {
  const config: NpmConfig = new Map();
  for (const envKey of Object.keys(env).sort()) {
    const value = env[envKey];
    if (!/^npm_config_/i.test(envKey) || !value) continue;
    let key = envKey.slice('npm_config_'.length);
    if (!key.startsWith('//')) key = key.replace(/(?!^)_/g, '-').toLowerCase();
    config.set(key, value);
  }
  return config;
}

function merge(...layers: NpmConfig[]): NpmConfig {
  const merged: NpmConfig = new Map();
  for (const layer of layers) for (const [k, v] of layer) merged.set(k, v);
  return merged;
}

/** Ensures a trailing slash so a package name can be appended to a path-carrying registry. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export interface NpmRegistryChoice {
  registry: URL;
  /** Which setting chose it, for messages. */
  origin: string;
}

/**
 * Loads npm configuration for components whose location is under a given folder of the
 * checkout. User and environment layers are read once; project layers are cached per folder.
 */
export class NpmConfigLoader {
  private readonly userConfig: NpmConfig;
  private readonly envLayer: NpmConfig;
  private readonly projectConfigs = new Map<string, Promise<NpmConfig>>();

  constructor(
    private readonly fs: SafeFs,
    private readonly env: NodeJS.ProcessEnv,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.envLayer = envConfig(env);
    this.userConfig = this.readUserConfig();
  }

  private readUserConfig(): NpmConfig {
    const explicit = this.envLayer.get('userconfig');
    const home = this.env.HOME || this.env.USERPROFILE;
    const file = explicit ?? (home ? path.join(home, '.npmrc') : undefined);
    if (!file) return new Map();
    try {
      return parseNpmrc(readRegularFileSync(file), this.env);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        this.diagnostics.push({ code: 'registry-config-unreadable', severity: 'warn', file, message: `cannot read npm user config (${code})` });
      }
      return new Map();
    }
  }

  /** The project `.npmrc` nearest to a checkout-relative folder, walking up to the root. */
  private projectConfig(relDir: string): Promise<NpmConfig> {
    const key = relDir === '' ? '.' : relDir;
    let pending = this.projectConfigs.get(key);
    if (!pending) {
      pending = (async () => {
        const candidate = key === '.' ? '.npmrc' : `${key}/.npmrc`;
        if (this.fs.exists(candidate)) {
          const read = await this.fs.readText(candidate);
          if (read.ok) return parseNpmrc(read.text, this.env);
          this.diagnostics.push(read.diagnostic);
          return new Map();
        }
        if (key === '.') return new Map();
        const parent = path.posix.dirname(key);
        return this.projectConfig(parent === key ? '.' : parent);
      })();
      this.projectConfigs.set(key, pending);
    }
    return pending;
  }

  /** The effective configuration for a component located in `relFile`. */
  async configFor(relFile: string): Promise<NpmConfig> {
    const project = await this.projectConfig(path.posix.dirname(relFile));
    return merge(this.userConfig, project, this.envLayer);
  }
}

/** The registry for a package name: `@scope:registry` first, then `registry`, then npm's. */
export function registryFor(name: string, config: NpmConfig): NpmRegistryChoice | { error: string } {
  const scope = name.startsWith('@') && name.includes('/') ? name.slice(0, name.indexOf('/')) : null;
  const scoped = scope ? config.get(`${scope}:registry`) : undefined;
  const choice = scoped
    ? { raw: scoped, origin: `${scope}:registry` }
    : config.get('registry')
      ? { raw: config.get('registry')!, origin: 'registry' }
      : { raw: DEFAULT_NPM_REGISTRY, origin: 'default' };
  try {
    const url = new URL(withTrailingSlash(choice.raw));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return { registry: url, origin: choice.origin };
  } catch {
    return { error: `npm setting ${choice.origin}="${choice.raw.replace(/\/\/[^/@\s]*@/, '//***@')}" is not an http(s) URL` };
  }
}

/** The packument URL: the name appended to the registry path, a scope's slash encoded. */
export function packumentUrl(registry: URL, name: string): URL {
  const slash = name.indexOf('/');
  const encoded =
    name.startsWith('@') && slash > 1
      ? `@${encodeURIComponent(name.slice(1, slash))}%2f${encodeURIComponent(name.slice(slash + 1))}`
      : pathSegment(name);
  return new URL(encoded, registry);
}

/**
 * The Authorization header npm would send for a request URL, or undefined. Credentials are
 * keyed by "nerf-darted" registry URLs (`//host[:port]/path/`); the longest key that is a
 * prefix of the request's own host and path wins, so a token never leaves its host.
 */
export function authorizationFor(url: URL, config: NpmConfig): string | undefined {
  const segments = url.pathname.split('/').slice(1, -1);
  for (let n = segments.length; n >= 0; n--) {
    const prefix = `//${url.host}/${segments.slice(0, n).map((s) => `${s}/`).join('')}`;
    const token = config.get(`${prefix}:_authToken`);
    if (token) return `Bearer ${token}`;
    const basic = config.get(`${prefix}:_auth`);
    if (basic) return `Basic ${basic}`;
    const username = config.get(`${prefix}:username`);
    const password = config.get(`${prefix}:_password`);
    if (username && password) {
      const decoded = Buffer.from(password, 'base64').toString('utf8');
      return `Basic ${Buffer.from(`${username}:${decoded}`).toString('base64')}`;
    }
  }
  return undefined;
}

/**
 * npm's own proxy settings (`https-proxy`, `proxy`, `noproxy`) layered over the environment's
 * proxy variables, as npm does; undefined when the config sets none.
 */
export function npmProxyEnv(config: NpmConfig, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv | undefined {
  const httpsProxy = config.get('https-proxy') || config.get('proxy');
  const httpProxy = config.get('proxy');
  const noProxy = config.get('noproxy');
  if (!httpsProxy && !httpProxy && !noProxy) return undefined;
  // Lower-case spellings take precedence in proxyFor, so these override the environment's.
  const overlay: NodeJS.ProcessEnv = { ...env };
  if (httpsProxy) overlay.https_proxy = httpsProxy;
  if (httpProxy) overlay.http_proxy = httpProxy;
  if (noProxy) overlay.no_proxy = noProxy;
  return overlay;
}
