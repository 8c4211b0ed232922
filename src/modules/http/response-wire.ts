/**
 * The text one response travels to the guest as (k6-http.js `Response` reads it).
 *
 * Everything in the VU's interpreter is slow: JSON.parse of a whole 900-byte response took ~50 µs
 * there, a fifth of a request's cost, and most scripts read only `status`, `body` and `timings`.
 * So the text has three parts the guest cuts apart with two `indexOf` calls:
 *
 *   [status, status_text, proto, url, remote_ip, remote_port, tls_version, tls_cipher_suite,
 *    error, error_code, body_kind, body_id, ...the eight timings]     ← parsed at once (a flat array)
 *   [headers, cookies, request]                                        ← parsed when first read
 *   the body, raw                                                      ← the rest of the text
 *
 * JSON never contains a raw newline, so the two JSON lines split safely on `\n`; the body is last
 * and not encoded at all. The bridge hands strings over NUL-terminated, so a body containing a NUL
 * character travels JSON-encoded instead (`BODY_JSON`).
 */
import type { ResponseData } from './response-data.js';
import type { PhaseTimings } from './timings.js';

/** How the body travels: the raw tail, none (`null`), stashed bytes (`body_id`), or a JSON string tail. */
export const BODY_TEXT = 0;
export const BODY_NULL = 1;
export const BODY_BINARY = 2;
export const BODY_JSON = 3;

const TIMING_NAMES = ['duration', 'blocked', 'looking_up', 'connecting', 'tls_handshaking', 'sending', 'waiting', 'receiving'] as const;
const HEAD_FIELDS = 12;

export function encodeResponse(data: ResponseData): string {
  let bodyKind = BODY_TEXT;
  let tail = '';
  if (data.body_id !== undefined) bodyKind = BODY_BINARY;
  else if (data.body === null) bodyKind = BODY_NULL;
  else if (data.body.includes('\0')) {
    bodyKind = BODY_JSON;
    tail = JSON.stringify(data.body);
  } else tail = data.body;
  const t = data.timings;
  const head = JSON.stringify([
    data.status,
    data.status_text,
    data.proto,
    data.url,
    data.remote_ip,
    data.remote_port,
    data.tls_version,
    data.tls_cipher_suite,
    data.error,
    data.error_code,
    bodyKind,
    data.body_id ?? 0,
    t.duration,
    t.blocked,
    t.looking_up,
    t.connecting,
    t.tls_handshaking,
    t.sending,
    t.waiting,
    t.receiving,
  ]);
  return `${head}\n${JSON.stringify([data.headers, data.cookies, data.request])}\n${tail}`;
}

/** The inverse of {@link encodeResponse}: the guest's reading, for host-side callers and tests. */
export function decodeResponse(text: string): ResponseData {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const head = JSON.parse(text.slice(0, first)) as unknown[];
  const [headers, cookies, request] = JSON.parse(text.slice(first + 1, second)) as [ResponseData['headers'], ResponseData['cookies'], ResponseData['request']];
  const tail = text.slice(second + 1);
  const bodyKind = head[10] as number;
  const timings = {} as PhaseTimings;
  TIMING_NAMES.forEach((name, i) => {
    timings[name] = head[HEAD_FIELDS + i] as number;
  });
  const data: ResponseData = {
    status: head[0] as number,
    status_text: head[1] as string,
    proto: head[2] as string,
    url: head[3] as string,
    headers,
    cookies,
    body: bodyKind === BODY_TEXT ? tail : bodyKind === BODY_JSON ? (JSON.parse(tail) as string) : null,
    timings,
    remote_ip: head[4] as string,
    remote_port: head[5] as number,
    tls_version: head[6] as string,
    tls_cipher_suite: head[7] as string,
    error: head[8] as string,
    error_code: head[9] as number,
    request,
  };
  if (bodyKind === BODY_BINARY) data.body_id = head[11] as number;
  return data;
}
