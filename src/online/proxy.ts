/**
 * Proxy selection from the environment, the way curl, npm and pip read it. Node 20's built-in
 * fetch ignores these variables, so the HTTP client asks here for every URL it opens.
 */

/** Reads an environment variable, lower-case spelling first (curl's precedence). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() ? value.trim() : undefined;
}

/** A proxy URL as written (`host:port` without a scheme means `http://host:port`). */
export function parseProxyUrl(raw: string): URL | null {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url;
  } catch {
    return null;
  }
}

interface NoProxyEntry {
  host: string;
  port?: string;
}

function parseNoProxy(raw: string | undefined): NoProxyEntry[] | '*' {
  if (!raw) return [];
  const entries: NoProxyEntry[] = [];
  for (const part of raw.split(/[\s,]+/)) {
    const item = part.trim().toLowerCase();
    if (!item) continue;
    if (item === '*') return '*';
    // `[::1]:8080`, `host:8080`, `.example.com`, `*.example.com`
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    if (bracketed) {
      entries.push({ host: bracketed[1], port: bracketed[2] });
      continue;
    }
    const hostPort = /^(.*?)(?::(\d+))?$/.exec(item)!;
    const host = hostPort[1].replace(/^\*?\./, '.');
    entries.push({ host, port: hostPort[2] });
  }
  return entries;
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** Whether NO_PROXY exempts this URL (Go's and curl's reading of the list). */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  const entries = parseNoProxy(noProxy);
  if (entries === '*') return true;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const entry of entries) {
    if (entry.port && entry.port !== defaultPort(url)) continue;
    // `example.com` covers the host and its subdomains; `.example.com` the subdomains only.
    if (entry.host.startsWith('.') ? host.endsWith(entry.host) : host === entry.host || host.endsWith(`.${entry.host}`)) return true;
  }
  return false;
}

/**
 * The proxy to use for a URL, or null to connect directly. https URLs use HTTPS_PROXY and
 * fall back to HTTP_PROXY (npm's and pip's behaviour); http URLs use HTTP_PROXY. ALL_PROXY is
 * the last resort for both.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null {
  if (bypassesProxy(url, envValue(env, 'no_proxy'))) return null;
  const candidates =
    url.protocol === 'https:' ? ['https_proxy', 'http_proxy', 'all_proxy'] : ['http_proxy', 'all_proxy'];
  for (const name of candidates) {
    const raw = envValue(env, name);
    if (!raw) continue;
    const parsed = parseProxyUrl(raw);
    if (parsed) return parsed;
  }
  return null;
}
