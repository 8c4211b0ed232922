/**
 * Header names the way k6 shows them: Go's `textproto.CanonicalMIMEHeaderKey` ("content-type" →
 * "Content-Type"). undici hands us lower-case names; k6 scripts read `res.headers['Content-Type']`.
 */
import type { IncomingHttpHeaders } from 'node:http';

const cache = new Map<string, string>();
const CACHE_LIMIT = 1000;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Go's CanonicalMIMEHeaderKey: names with non-token bytes are returned unchanged. */
export function canonicalHeaderKey(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  let result = name;
  if (TOKEN.test(name)) {
    result = '';
    let upper = true;
    for (const char of name) {
      result += upper ? char.toUpperCase() : char.toLowerCase();
      upper = char === '-';
    }
  }
  if (cache.size < CACHE_LIMIT) cache.set(name, result);
  return result;
}

/** Response headers as k6 exposes them: canonical names, repeated values joined with ", ". */
export function k6ResponseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    result[canonicalHeaderKey(name)] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** All values of a (lower-case) response header. */
export function headerValues(headers: IncomingHttpHeaders, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first value of a (lower-case) response header, or ''. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  if (value === undefined) return '';
  return Array.isArray(value) ? (value[0] ?? '') : value;
}
