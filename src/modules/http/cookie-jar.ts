/**
 * A cookie jar with the semantics of Go's `net/http/cookiejar` created without a public-suffix
 * list, which is what k6 uses (`cookiejar.New(nil)`): host-only vs domain cookies, default path,
 * Max-Age/Expires expiry, Secure only over https, and the RFC 6265 send order (longer paths first,
 * then older cookies first).
 */
import { isIP } from 'node:net';
import type { ParsedCookie } from './set-cookie.js';

interface JarEntry {
  name: string;
  value: string;
  domain: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  persistent: boolean;
  hostOnly: boolean;
  /** Epoch ms; Infinity for session cookies. */
  expires: number;
  creation: number;
  seq: number;
}

/** The cookie fields a jar needs to store one (a subset of a parsed `Set-Cookie`). */
export type JarCookie = Pick<ParsedCookie, 'name' | 'value'> & Partial<ParsedCookie>;

/** The URL parts a jar looks at. */
interface JarUrl {
  protocol: string;
  hostname: string;
  pathname: string;
}

export class CookieJar {
  private readonly entries = new Map<string, JarEntry>();
  private nextSeq = 0;

  /** No cookies stored (expired ones may still count until the next lookup). */
  get empty(): boolean {
    return this.entries.size === 0;
  }

  /** Stores cookies received from `url` (Go's `Jar.SetCookies`); invalid ones are ignored. */
  setCookies(url: JarUrl, cookies: readonly JarCookie[], now = Date.now()): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const host = canonicalHost(url.hostname);
    for (const cookie of cookies) {
      const entry = newEntry(cookie, host, url.pathname, now);
      if (entry === undefined) continue;
      if (entry === 'remove') {
        this.entries.delete(removalId(cookie, host, url.pathname));
        continue;
      }
      const id = `${entry.domain};${entry.path};${entry.name}`;
      const old = this.entries.get(id);
      if (old !== undefined) {
        entry.creation = old.creation;
        entry.seq = old.seq;
      } else {
        entry.creation = now;
        entry.seq = this.nextSeq++;
      }
      this.entries.set(id, entry);
    }
  }

  /** The cookies to send to `url`, in send order (Go's `Jar.Cookies`). */
  cookies(url: JarUrl, now = Date.now()): Array<{ name: string; value: string }> {
    if (this.entries.size === 0) return [];
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
    const host = canonicalHost(url.hostname);
    const https = url.protocol === 'https:';
    const path = url.pathname === '' ? '/' : url.pathname;
    const selected: JarEntry[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.persistent && entry.expires <= now) {
        this.entries.delete(id);
        continue;
      }
      if (entry.secure && !https) continue;
      if (!domainMatch(entry, host) || !pathMatch(entry.path, path)) continue;
      selected.push(entry);
    }
    selected.sort((a, b) => b.path.length - a.path.length || a.creation - b.creation || a.seq - b.seq);
    return selected.map((entry) => ({ name: entry.name, value: entry.value }));
  }

  clearAll(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

function canonicalHost(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** Go's defaultPath: the directory of the request path. */
function defaultPath(path: string): string {
  if (path === '' || !path.startsWith('/')) return '/';
  const i = path.lastIndexOf('/');
  return i === 0 ? '/' : path.slice(0, i);
}

function hasDotSuffix(host: string, domain: string): boolean {
  return host.length > domain.length && host.endsWith(domain) && host[host.length - domain.length - 1] === '.';
}

function domainMatch(entry: JarEntry, host: string): boolean {
  if (entry.domain === host) return true;
  return !entry.hostOnly && hasDotSuffix(host, entry.domain);
}

function pathMatch(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

/** Go's domainAndType: [domain, hostOnly], or undefined for an illegal domain attribute. */
function domainAndType(host: string, domainAttr: string): [string, boolean] | undefined {
  if (domainAttr === '') return [host, true];
  if (isIP(host) !== 0) return host === domainAttr ? [host, true] : undefined;
  let domain = domainAttr.startsWith('.') ? domainAttr.slice(1) : domainAttr;
  if (domain === '' || domain.startsWith('.')) return undefined;
  if (!/^[\x00-\x7f]*$/.test(domain)) return undefined;
  domain = domain.toLowerCase();
  if (domain.endsWith('.')) return undefined;
  if (host !== domain && !hasDotSuffix(host, domain)) return undefined;
  return [domain, false];
}

function cookiePath(cookie: JarCookie, requestPath: string): string {
  const path = cookie.path ?? '';
  return path !== '' && path.startsWith('/') ? path : defaultPath(requestPath);
}

function removalId(cookie: JarCookie, host: string, requestPath: string): string {
  const domain = domainAndType(host, cookie.domain ?? '')?.[0] ?? host;
  return `${domain};${cookiePath(cookie, requestPath)};${cookie.name}`;
}

function newEntry(cookie: JarCookie, host: string, requestPath: string, now: number): JarEntry | 'remove' | undefined {
  const domainType = domainAndType(host, cookie.domain ?? '');
  if (domainType === undefined) return undefined;
  const maxAge = cookie.maxAge ?? 0;
  if (maxAge < 0) return 'remove';
  let expires = Number.POSITIVE_INFINITY;
  let persistent = false;
  if (maxAge > 0) {
    expires = now + maxAge * 1000;
    persistent = true;
  } else if (cookie.expires !== undefined) {
    if (cookie.expires <= now) return 'remove';
    expires = cookie.expires;
    persistent = true;
  }
  return {
    name: cookie.name,
    value: cookie.value,
    domain: domainType[0],
    path: cookiePath(cookie, requestPath),
    secure: cookie.secure ?? false,
    httpOnly: cookie.httpOnly ?? false,
    persistent,
    hostOnly: domainType[1],
    expires,
    creation: 0,
    seq: 0,
  };
}
