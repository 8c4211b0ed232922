/**
 * URL handling with k6's conventions (lib/netext/httpext/url.go): credentials are masked as
 * `****:****` in tags and logs, and become a basic `Authorization` header on the wire.
 */

/** k6's URL.Clean(): `http://user:pass@host/` → `http://****:****@host/` (`****@` without a password). */
export function cleanUrl(raw: string): string {
  const schemeEnd = raw.indexOf('://');
  if (schemeEnd < 0) return raw;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = raw.length;
  for (const stop of ['/', '?', '#']) {
    const at = raw.indexOf(stop, authorityStart);
    if (at >= 0 && at < authorityEnd) authorityEnd = at;
  }
  const at = raw.lastIndexOf('@', authorityEnd - 1);
  if (at < authorityStart) return raw;
  const userInfo = raw.slice(authorityStart, at);
  const masked = userInfo.includes(':') ? '****:****' : '****';
  return `${raw.slice(0, authorityStart)}${masked}${raw.slice(at)}`;
}

/** The `Authorization: Basic …` value for a URL with credentials, or undefined. */
export function basicAuthFromUrl(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const credentials = `${safeDecode(url.username)}:${safeDecode(url.password)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `Referer` for a redirect (Go's refererForURL): none from https to http, never credentials. */
export function refererFor(previous: URL, next: URL): string | undefined {
  if (previous.protocol === 'https:' && next.protocol === 'http:') return undefined;
  if (previous.username === '' && previous.password === '' && previous.hash === '') return previous.href;
  const copy = new URL(previous.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy.href;
}

/** Go's isDomainOrSubdomain: may sensitive headers follow a redirect from `previous` to `next`? */
export function sameDomainOrSubdomain(previous: URL, next: URL): boolean {
  const parent = previous.hostname;
  const child = next.hostname;
  if (parent === child) return true;
  return child.endsWith(`.${parent}`);
}

/** A URL string without a scheme (Go fails these with `unsupported protocol scheme ""`). */
export function hasScheme(raw: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw);
}
