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

/** How the body travels: the raw tail, none (`null`), stashed bytes (`body_id`), or a JSON string tail. */
export const BODY_TEXT = 0;
export const BODY_NULL = 1;
export const BODY_BINARY = 2;
export const BODY_JSON = 3;

/** The timings sit at the end of the head line, in k6's order (duration, blocked, … receiving). */
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
