/**
 * The response data `http.request` / `http.batch` return to the guest, in k6's Response field names
 * (lib/netext/httpext/response.go, request.go). The guest builds its `Response` object from this.
 *
 * A binary body (`responseType: 'binary'`) does not travel in the JSON: `body` is null and
 * `body_id` names the bytes the host stashed; the guest fetches them with the sync op
 * `http.takeBody` (payload: the id) which returns them as an ArrayBuffer, once.
 */
import type { PhaseTimings } from './timings.js';

/** One cookie of `res.cookies[name]` (k6's HTTPCookie). */
export interface ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  max_age: number;
  /** Epoch ms (k6 reports a missing Expires as Go's zero time, see ZERO_TIME_MS). */
  expires: number;
}

/** One cookie of `res.request.cookies[name]`. */
export interface RequestCookie {
  name: string;
  value: string;
  replace: boolean;
}

/** `res.request`: what was sent first (k6 keeps the original request across redirects). */
export interface RequestData {
  method: string;
  url: string;
  headers: Record<string, string[]>;
  /**
   * Absent when the guest sent the body as a string: it fills that in itself (k6-http.js), so a
   * large body does not travel back in every response.
   */
  body?: string;
  cookies: Record<string, RequestCookie[]>;
}

export interface ResponseData {
  status: number;
  status_text: string;
  proto: string;
  url: string;
  headers: Record<string, string>;
  cookies: Record<string, ResponseCookie[]>;
  /**
   * The text body; a Buffer holds it as the bytes received, decoded only if it is not valid UTF-8
   * (response-wire.ts copies valid bytes to the guest as they are).
   */
  body: string | Buffer | null;
  /** Set when a binary body waits in the host for `http.takeBody`. */
  body_id?: number;
  timings: PhaseTimings;
  remote_ip: string;
  remote_port: number;
  tls_version: string;
  tls_cipher_suite: string;
  error: string;
  error_code: number;
  request: RequestData;
}

export const ZERO_TIMINGS: PhaseTimings = Object.freeze({
  duration: 0,
  blocked: 0,
  looking_up: 0,
  connecting: 0,
  tls_handshaking: 0,
  sending: 0,
  waiting: 0,
  receiving: 0,
});

/** A response with nothing received yet (k6's NewResponse). */
export function emptyResponse(url: string, request: RequestData): ResponseData {
  return {
    status: 0,
    status_text: '',
    proto: '',
    url,
    headers: {},
    cookies: {},
    body: null,
    timings: { ...ZERO_TIMINGS },
    remote_ip: '',
    remote_port: 0,
    tls_version: '',
    tls_cipher_suite: '',
    error: '',
    error_code: 0,
    request,
  };
}
