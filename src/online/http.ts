/**
 * A small GET client on node:http/https: proxies from the environment (CONNECT tunnels for
 * https), a per-attempt timeout, redirects that never carry credentials to another origin,
 * compressed bodies with a size cap, and retries with exponential backoff.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { promisify } from 'node:util';
import { proxyFor } from './proxy';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const brotli = promisify(zlib.brotliDecompress);

const MAX_REDIRECTS = 5;
/** Longest wait a server's Retry-After can impose on one retry. */
const MAX_RETRY_AFTER_MS = 30_000;

export interface HttpClientOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  retries: number;
  /** First retry waits this long; each later one twice as long. */
  backoffMs: number;
  userAgent: string;
  /** Extra trusted certificates (PEM), added to Node's bundled roots. */
  extraCa?: string[];
}

export interface HttpResponse {
  status: number;
  /** The final URL after redirects. */
  url: URL;
  body: Buffer;
}

/** A request failure, with a message fit for a diagnostic and whether trying again may help. */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export interface GetOptions {
  headers?: Record<string, string>;
  /** Credentials for the first URL's origin only; dropped on a redirect to another origin. */
  authorization?: string;
  maxBytes: number;
  /** Proxy variables for this request instead of the client's environment (npm's own proxy settings). */
  proxyEnv?: NodeJS.ProcessEnv;
}

export interface HttpClient {
  get(url: URL, opts: GetOptions): Promise<HttpResponse>;
  /** Closes the kept-alive connections of this client. */
  close(): void;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const ca = options.extraCa?.length ? [...tls.rootCertificates, ...options.extraCa] : undefined;
  // Own agents: connections are reused within a run and closed at its end.
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true, ca });

  async function get(url: URL, opts: GetOptions): Promise<HttpResponse> {
    let attempt = 0;
    for (;;) {
      try {
        return await getFollowingRedirects(url, opts);
      } catch (err) {
        const failure = toFailure(err, url, options.timeoutMs);
        if (!failure.retryable || attempt >= options.retries) throw failure;
        const backoff = options.backoffMs * 2 ** attempt;
        await sleep(Math.max(backoff, failure.retryAfterMs ?? 0));
        attempt++;
      }
    }
  }

  async function getFollowingRedirects(start: URL, opts: GetOptions): Promise<HttpResponse> {
    let url = start;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        'user-agent': options.userAgent,
        'accept-encoding': 'gzip, deflate, br',
        ...opts.headers,
      };
      if (opts.authorization && url.origin === start.origin) headers.authorization = opts.authorization;
      const res = await requestOnce(url, headers, opts.maxBytes, opts.proxyEnv ?? options.env);
      if ([301, 302, 303, 307, 308].includes(res.status) && res.location) {
        if (hop >= MAX_REDIRECTS) throw new HttpFailure(`more than ${MAX_REDIRECTS} redirects`, false);
        let next: URL;
        try {
          next = new URL(res.location, url);
        } catch {
          throw new HttpFailure(`redirect to an invalid location "${res.location}"`, false);
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          throw new HttpFailure(`redirect to an unsupported scheme ${next.protocol}`, false);
        }
        url = next;
        continue;
      }
      if (res.status >= 200 && res.status < 300) return { status: res.status, url, body: res.body };
      const retryable = res.status === 429 || res.status >= 500;
      throw new HttpFailure(
        `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
        retryable,
        res.status,
        parseRetryAfter(res.retryAfter),
      );
    }
  }

  interface RawResponse {
    status: number;
    statusText: string;
    location?: string;
    retryAfter?: string;
    body: Buffer;
  }

  /** One HTTP exchange, bounded by the timeout from the first byte sent to the last received. */
  async function requestOnce(url: URL, headers: Record<string, string>, maxBytes: number, proxyEnv: NodeJS.ProcessEnv): Promise<RawResponse> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HttpFailure(`unsupported URL scheme ${url.protocol}`, false);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => { controller.abort(); }, options.timeoutMs);
    try {
      const proxy = proxyFor(url, proxyEnv);
      const req = await openRequest(url, headers, proxy, controller.signal);
      return await readResponse(req, maxBytes, controller.signal);
    } catch (err) {
      if (controller.signal.aborted) throw new HttpFailure(`timed out after ${options.timeoutMs} ms`, true);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  function proxyHeaders(proxy: URL): Record<string, string> {
    if (!proxy.username && !proxy.password) return {};
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
  }

  async function openRequest(url: URL, headers: Record<string, string>, proxy: URL | null, signal: AbortSignal): Promise<http.ClientRequest> {
    const target = {
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
    };
    if (!proxy) {
      if (url.protocol === 'https:') return https.request({ ...target, method: 'GET', headers, signal, ca, agent: httpsAgent });
      return http.request({ ...target, method: 'GET', headers, signal, agent: httpAgent });
    }
    const proxyModule = proxy.protocol === 'https:' ? https : http;
    const proxyTarget = {
      hostname: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80),
    };
    if (url.protocol === 'http:') {
      // Plain HTTP through a proxy: the absolute URL goes in the request line.
      return proxyModule.request({
        ...proxyTarget,
        method: 'GET',
        path: url.href,
        headers: { ...headers, host: url.host, ...proxyHeaders(proxy) },
        signal,
        ca,
        agent: proxy.protocol === 'https:' ? httpsAgent : httpAgent,
      });
    }
    const authority = `${target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname}:${target.port}`;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const connect = proxyModule.request({
        ...proxyTarget,
        method: 'CONNECT',
        path: authority,
        headers: { host: authority, ...proxyHeaders(proxy) },
        signal,
        ca,
      });
      connect.once('connect', (res, tunnel) => {
        if (res.statusCode !== 200) {
          tunnel.destroy();
          reject(new HttpFailure(`proxy ${proxy.host} refused the tunnel (HTTP ${res.statusCode})`, (res.statusCode ?? 0) >= 500));
          return;
        }
        resolve(tunnel);
      });
      connect.once('error', reject);
      connect.end();
    });
    const tlsSocket = tls.connect({
      socket,
      host: target.hostname,
      servername: net.isIP(target.hostname) ? undefined : target.hostname,
      ca,
    });
    // No agent: with one, Node would ignore createConnection and dial the target directly.
    return https.request({ ...target, method: 'GET', headers, signal, createConnection: () => tlsSocket });
  }

  function close(): void {
    httpAgent.destroy();
    httpsAgent.destroy();
  }

  return { get, close };
}

function readResponse(req: http.ClientRequest, maxBytes: number, signal: AbortSignal): Promise<{
  status: number;
  statusText: string;
  location?: string;
  retryAfter?: string;
  body: Buffer;
}> {
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
      const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          reject(new HttpFailure(`response larger than ${maxBytes} bytes`, false));
          return;
        }
        chunks.push(chunk);
      });
      res.once('error', reject);
      res.once('close', () => {
        if (!res.complete) reject(new HttpFailure('connection closed before the response was complete', true));
      });
      res.once('end', () => {
        if (signal.aborted) return;
        decode(Buffer.concat(chunks), res.headers['content-encoding'], maxBytes).then(
          (body) => { resolve({ status, statusText: res.statusMessage ?? '', location, retryAfter, body }); },
          reject,
        );
      });
    });
    req.end();
  });
}

async function decode(raw: Buffer, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const options = { maxOutputLength: maxBytes };
  try {
    switch ((encoding ?? '').trim().toLowerCase()) {
      case '':
      case 'identity':
        return raw;
      case 'gzip':
      case 'x-gzip':
        return await gunzip(raw, options);
      case 'deflate':
        return await inflate(raw, options);
      case 'br':
        return await brotli(raw, options);
      default:
        throw new HttpFailure(`unsupported content encoding "${encoding}"`, false);
    }
  } catch (err) {
    if (err instanceof HttpFailure) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new HttpFailure(`response larger than ${maxBytes} bytes once decompressed`, false);
    throw new HttpFailure(`corrupt ${encoding} response body`, true);
  }
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return Math.min(Math.max(date - Date.now(), 0), MAX_RETRY_AFTER_MS);
  return undefined;
}

const NETWORK_ERRORS: Record<string, string> = {
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNABORTED: 'connection aborted',
};

/** Any thrown value as an HttpFailure: network errors retry, TLS and protocol errors do not. */
function toFailure(err: unknown, url: URL, timeoutMs: number): HttpFailure {
  if (err instanceof HttpFailure) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.name === 'AbortError') return new HttpFailure(`timed out after ${timeoutMs} ms`, true);
  const code = e?.code ?? '';
  if (NETWORK_ERRORS[code]) return new HttpFailure(`${NETWORK_ERRORS[code]} (${code})`, true);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    return new HttpFailure(`TLS error talking to ${url.host} (${code})`, false);
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) return new HttpFailure(`malformed HTTP response (${code})`, true);
  return new HttpFailure(e?.message ? `request failed: ${e.message}` : 'request failed', true);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
