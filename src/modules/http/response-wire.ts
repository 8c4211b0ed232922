/**
 * The text one response travels to the guest as (k6-http.js `Response` reads it).
 *
 * Everything in the VU's interpreter is slow: JSON.parse of a whole 900-byte response took ~50 µs
 * there, a fifth of a request's cost, and most scripts read only `status` and `body`; even a flat
 * array costs ~0.15 µs an element. So the text has four parts the guest cuts apart with `indexOf`:
 *
 *   [status, status_text, proto, url, remote_ip, remote_port, tls_version, tls_cipher_suite,
 *    error, error_code, body_kind, body_id]                            ← parsed at once (a flat array)
 *   [...the eight timings, tls]                                        ← parsed when `timings` or
 *                                                                        `ocsp` is first read
 *   [headers, cookies, request]                                        ← parsed when first read
 *   the body, raw                                                      ← the rest of the text
 *
 * JSON never contains a raw newline, so the JSON lines split safely on `\n`; the body is last
 * and not encoded at all. The bridge hands strings over NUL-terminated, so a body containing a NUL
 * character travels JSON-encoded instead (`BODY_JSON`).
 *
 * The text goes to the bridge in parts ({@link TextResult}): a body received as valid UTF-8 is
 * copied into the VU's memory as the bytes it arrived as, neither decoded into a string nor
 * joined to the JSON lines (for a 16 KB body that was ~5 µs and ~48 KB of garbage per response).
 */
import { isUtf8 } from 'node:buffer';
import { TextResult } from '../../vu/bridge-contract.js';
import type { ResponseData } from './response-data.js';

/** How the body travels: the raw tail, none (`null`), stashed bytes (`body_id`), or a JSON string tail. */
export const BODY_TEXT = 0;
export const BODY_NULL = 1;
export const BODY_BINARY = 2;
export const BODY_JSON = 3;

/** The timings line has k6's order (duration, blocked, … receiving). */
export function encodeResponse(data: ResponseData): TextResult {
  let bodyKind = BODY_TEXT;
  let tail: string | Uint8Array = '';
  const body = data.body;
  if (data.body_id !== undefined) bodyKind = BODY_BINARY;
  else if (body === null) bodyKind = BODY_NULL;
  else if (typeof body !== 'string' && isUtf8(body) && !body.includes(0)) tail = body;
  else {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.includes('\0')) {
      bodyKind = BODY_JSON;
      tail = JSON.stringify(text);
    } else tail = text;
  }
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
  ]);
  const made = JSON.stringify([t.duration, t.blocked, t.looking_up, t.connecting, t.tls_handshaking, t.sending, t.waiting, t.receiving, data.tls_version !== '']);
  return new TextResult([head, '\n', made, '\n', JSON.stringify([data.headers, data.cookies, data.request]), '\n', tail]);
}
