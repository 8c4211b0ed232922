/**
 * The plain-data request the guest (`runtime/modules/k6-http.js`) sends with `http.request` and
 * `http.batch`: k6's `(method, url, body, params)` already normalised by the guest. Durations are
 * in ms; optional fields fall back to the VU's options on the host (`vu.http`).
 *
 * Bodies: a text body travels in `body`; binary bodies (ArrayBuffer / typed arrays) travel in the
 * bridge's single `buffer` and the spec points at its bytes with `bodyRange` ([offset, length]), so
 * a batch can carry several binary bodies in one buffer.
 */
import { GuestError } from '../../vu/bridge-contract.js';

/** k6's `expectedStatuses(...)` as data: inclusive [min, max] ranges (an exact status is [n, n]). */
export interface ExpectedStatusesSpec {
  readonly kind: 'expectedStatuses';
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

export type ResponseType = 'text' | 'binary' | 'none';

/** A request cookie from `params.cookies`: `replace` hides jar cookies with the same name. */
export interface RequestCookieSpec {
  readonly value: string;
  readonly replace: boolean;
}

export interface RequestSpec {
  readonly method: string;
  readonly url: string;
  /** The `http.url` template (`http://x/${}`) the URL was built from; becomes the `name` tag. */
  readonly urlName?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly bodyRange?: readonly [number, number];
  /** Content-Type for a body the guest encoded (form data); user headers override it. */
  readonly bodyContentType?: string;
  /** Default 60 000. */
  readonly timeout?: number;
  /** Default `vu.http.maxRedirects`. */
  readonly redirects?: number;
  /** Default `text`, or `none` with discardResponseBodies. */
  readonly responseType?: ResponseType;
  readonly tags?: Readonly<Record<string, string>>;
  readonly cookies?: Readonly<Record<string, RequestCookieSpec>>;
  /** Cookie jar id from `http.jar.new`; 0 (default) = the VU's jar. */
  readonly jar?: number;
  /** Undefined = k6's default `expectedStatuses({min:200,max:399})`; null = no callback. */
  readonly responseCallback?: ExpectedStatusesSpec | null;
  /** Default `vu.http.throw`. */
  readonly throw?: boolean;
  /** k6 `compression` param: comma-separated `gzip`, `deflate`, `br`, `zstd`. */
  readonly compression?: string;
  /** Current group path (`::a::b`, '' at the root). */
  readonly group?: string;
  /** A params error the guest found (bad timeout, …): handled like k6's parse errors. */
  readonly invalid?: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_EXPECTED: ExpectedStatusesSpec = { kind: 'expectedStatuses', ranges: [[200, 399]] };

const RESPONSE_TYPES = new Set<string>(['text', 'binary', 'none']);

function fail(what: string): never {
  throw new GuestError(`invalid http request: ${what}`, 'TypeError');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) fail(`${what} must be an object`);
  for (const item of Object.values(value)) if (typeof item !== 'string') fail(`${what} values must be strings`);
  return value as Record<string, string>;
}

function optional<T>(value: unknown, type: 'string' | 'number' | 'boolean', what: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) fail(`${what} must be a ${type}`);
  return value as T;
}

function parseCallback(value: unknown): ExpectedStatusesSpec | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!isRecord(value) || value.kind !== 'expectedStatuses' || !Array.isArray(value.ranges)) fail('unsupported responseCallback');
  for (const range of value.ranges) {
    if (!Array.isArray(range) || range.length !== 2 || typeof range[0] !== 'number' || typeof range[1] !== 'number') {
      fail('responseCallback ranges must be [min, max] pairs');
    }
  }
  return value as unknown as ExpectedStatusesSpec;
}

function parseCookies(value: unknown): Record<string, RequestCookieSpec> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) fail('cookies must be an object');
  for (const cookie of Object.values(value)) {
    if (!isRecord(cookie) || typeof cookie.value !== 'string' || typeof cookie.replace !== 'boolean') {
      fail('cookies must map names to {value, replace}');
    }
  }
  return value as Record<string, RequestCookieSpec>;
}

/** Validates one request spec from the guest (the host never trusts guest data). */
export function parseRequestSpec(payload: unknown, bufferLength: number): RequestSpec {
  if (!isRecord(payload)) fail('expected a request object');
  const { method, url } = payload;
  if (typeof method !== 'string' || method === '') fail('method must be a non-empty string');
  if (typeof url !== 'string') fail('url must be a string');
  const responseType = optional<string>(payload.responseType, 'string', 'responseType');
  if (responseType !== undefined && !RESPONSE_TYPES.has(responseType)) fail(`unknown responseType ${responseType}`);
  const bodyRange = payload.bodyRange;
  if (bodyRange !== undefined) {
    if (!Array.isArray(bodyRange) || bodyRange.length !== 2) fail('bodyRange must be [offset, length]');
    const [offset, length] = bodyRange as unknown[];
    if (!Number.isInteger(offset) || !Number.isInteger(length) || (offset as number) < 0 || (length as number) < 0 || (offset as number) + (length as number) > bufferLength) {
      fail('bodyRange is outside the request buffer');
    }
  }
  return {
    method,
    url,
    urlName: optional<string>(payload.urlName, 'string', 'urlName'),
    headers: stringRecord(payload.headers, 'headers'),
    body: optional<string>(payload.body, 'string', 'body'),
    bodyRange: bodyRange as readonly [number, number] | undefined,
    bodyContentType: optional<string>(payload.bodyContentType, 'string', 'bodyContentType'),
    timeout: optional<number>(payload.timeout, 'number', 'timeout'),
    redirects: optional<number>(payload.redirects, 'number', 'redirects'),
    responseType: responseType as ResponseType | undefined,
    tags: stringRecord(payload.tags, 'tags'),
    cookies: parseCookies(payload.cookies),
    jar: optional<number>(payload.jar, 'number', 'jar'),
    responseCallback: parseCallback(payload.responseCallback),
    throw: optional<boolean>(payload.throw, 'boolean', 'throw'),
    compression: optional<string>(payload.compression, 'string', 'compression'),
    group: optional<string>(payload.group, 'string', 'group'),
    invalid: optional<string>(payload.invalid, 'string', 'invalid'),
  };
}

/** k6's `expectedStatuses` match. */
export function isExpected(callback: ExpectedStatusesSpec, status: number): boolean {
  for (const [min, max] of callback.ranges) if (min <= status && status <= max) return true;
  return false;
}
