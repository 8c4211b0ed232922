/**
 * `Set-Cookie` parsing with Go's rules (net/http `readSetCookies`), which k6 uses both for
 * `res.cookies` and for its cookie jars: invalid names or values drop the cookie, unknown or
 * malformed attributes are ignored, `Max-Age<=0` means "delete" (-1).
 */

/** One parsed `Set-Cookie` line (Go's http.Cookie, the fields k6 uses). */
export interface ParsedCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** 0 = no Max-Age, -1 = delete now, >0 = seconds. */
  maxAge: number;
  /** Epoch ms, or undefined when there is no (valid) Expires attribute. */
  expires: number | undefined;
}

/**
 * k6 reports a missing `expires` as Go's zero time in Unix ms: `time.Time{}.UnixNano()/1e6`,
 * which overflows int64 to this value. Kept because scripts compare against what k6 returns.
 */
export const ZERO_TIME_MS = -6795364578871;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Go's parseCookieValue: optional surrounding quotes, then only valid cookie-value bytes. */
export function parseCookieValue(raw: string, allowQuotes: boolean): string | undefined {
  let value = raw;
  if (allowQuotes && value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x3b || c === 0x5c) return undefined;
  }
  return value;
}

/** Parses one `Set-Cookie` header value; undefined when Go would drop it. */
export function parseSetCookie(line: string): ParsedCookie | undefined {
  const parts = line.trim().split(';');
  const first = (parts[0] ?? '').trim();
  const eq = first.indexOf('=');
  if (eq < 0) return undefined;
  const name = first.slice(0, eq).trim();
  if (!TOKEN.test(name)) return undefined;
  const value = parseCookieValue(first.slice(eq + 1), true);
  if (value === undefined) return undefined;
  const cookie: ParsedCookie = { name, value, domain: '', path: '', secure: false, httpOnly: false, maxAge: 0, expires: undefined };
  for (let i = 1; i < parts.length; i += 1) {
    const part = (parts[i] ?? '').trim();
    if (part === '') continue;
    const at = part.indexOf('=');
    const attr = (at < 0 ? part : part.slice(0, at)).toLowerCase();
    const val = parseCookieValue(at < 0 ? '' : part.slice(at + 1), false);
    if (val === undefined) continue;
    switch (attr) {
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'domain':
        cookie.domain = val;
        break;
      case 'path':
        cookie.path = val;
        break;
      case 'max-age': {
        if (!/^-?\d+$/.test(val)) break;
        const secs = Number.parseInt(val, 10);
        if (secs !== 0 && val.startsWith('0')) break;
        cookie.maxAge = secs <= 0 ? -1 : secs;
        break;
      }
      case 'expires':
        cookie.expires = parseCookieDate(val);
        break;
      default:
        break;
    }
  }
  return cookie;
}

/** RFC 1123 dates (`Mon, 02 Jan 2006 15:04:05 GMT`, also with `02-Jan-2006`); undefined if invalid. */
export function parseCookieDate(text: string): number | undefined {
  if (!/^[A-Za-z]{3}, \d{2}[ -][A-Za-z]{3}[ -]\d{4} \d{2}:\d{2}:\d{2} [A-Za-z]{1,5}$/.test(text)) return undefined;
  const normalised = text.replace(/(\d{2})-([A-Za-z]{3})-(\d{4})/, '$1 $2 $3').replace(/ [A-Za-z]{1,5}$/, ' GMT');
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `Cookie` request header value of one cookie, as Go's `Request.AddCookie` writes it. */
export function cookiePair(name: string, value: string): string {
  const clean = parseCookieValue(value, false) ?? value.replace(/[\x00-\x1f\x7f";\\]/g, '');
  return /[ ,]/.test(clean) ? `${name}="${clean}"` : `${name}=${clean}`;
}

/** Parses a `Cookie` request header into name/value pairs (Go's `Request.Cookies`). */
export function parseCookieHeader(header: string): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const name = eq < 0 ? trimmed : trimmed.slice(0, eq);
    if (!TOKEN.test(name)) continue;
    const value = parseCookieValue(eq < 0 ? '' : trimmed.slice(eq + 1), true);
    if (value !== undefined) result.push([name, value]);
  }
  return result;
}
