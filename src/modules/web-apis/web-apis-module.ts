/**
 * Host side of the web APIs every VU has (runtime/lib/web-apis.js). `URL` parsing is Node's
 * WHATWG parser (ada), so `new URL()` in a script behaves exactly as the URL Standard says; the
 * guest keeps the parsed components and only crosses the bridge to parse or to run a setter.
 * Randomness for `crypto.getRandomValues`/`randomUUID` comes from k6/crypto's host ops.
 *
 * sync
 *   url.parse  { input, base? } → UrlParts; a TypeError "Invalid URL" when it does not parse
 *   url.set    { href, key, value } → UrlParts after `url[key] = value` (setters never throw,
 *              except `href`, which must parse)
 */
import { GuestError, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import { payloadRecord } from '../encoding/op-input.js';

/** What the guest's URL object keeps. */
export interface UrlParts {
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

const SETTABLE = new Set(['href', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash']);

function parts(url: URL): UrlParts {
  const { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash } = url;
  return { href, origin, protocol, username, password, host, hostname, port, pathname, search, hash };
}

function parse(input: unknown, base?: unknown): URL {
  if (typeof input !== 'string' || (base !== undefined && typeof base !== 'string')) throw new GuestError('url: expected strings');
  try {
    return base === undefined ? new URL(input) : new URL(input, base);
  } catch {
    throw new GuestError('Invalid URL', 'TypeError');
  }
}

function parseOp(_vu: unknown, { payload }: OpInput): UrlParts {
  const p = payloadRecord(payload, 'url.parse');
  return parts(parse(p.input, p.base ?? undefined));
}

function setOp(_vu: unknown, { payload }: OpInput): UrlParts {
  const p = payloadRecord(payload, 'url.set');
  const url = parse(p.href);
  const key = p.key;
  if (typeof key !== 'string' || !SETTABLE.has(key) || typeof p.value !== 'string') throw new GuestError('url.set: invalid arguments');
  if (key === 'href') return parts(parse(p.value));
  (url as unknown as Record<string, string>)[key] = p.value;
  return parts(url);
}

export const webApisModule: HostModule = {
  sync: {
    'url.parse': parseOp,
    'url.set': setOp,
  },
};
