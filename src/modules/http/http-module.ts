/**
 * Host side of `k6/http`. Operations (payloads are JSON unless noted):
 *
 * async
 *   http.request  RequestSpec (request-spec.ts); buffer = binary bodies → ResponseData
 *                 (response-data.ts), sent as response-wire.ts text. With `throw` (param or
 *                 option) a network failure rejects with k6's Go-style message; otherwise it is
 *                 in `error`/`error_code` and logged.
 *   http.batch    { requests: RequestSpec[] }; buffer = all binary bodies → ResponseData texts in order
 *                 (with `throw`, rejects with the first failure after all requests finished).
 * sync
 *   http.takeBody     body_id → the stashed binary body (ArrayBuffer), once.
 *   http.resetJar     – → between iterations: new VU jar unless noCookiesReset; drops the VU's
 *                     connections with noVUConnectionReuse. Called by the VU runner.
 *   http.jar.vu       – → 0, the VU jar's id (throws in the init context, like k6's cookieJar()).
 *   http.jar.new      – → new jar id.   http.jar.free  id → (the guest, once the script dropped the jar).
 *   http.jar.cookiesForURL { jar, url } → { name: [values] }
 *   http.jar.set      { jar, url, name, value, options?: {domain, path, expires, max_age, secure, http_only} } → true
 *   http.jar.clear    { jar, url }       http.jar.delete { jar, url, name }
 */
import { GuestError, type HostModule, type OpInput, type TextResult } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { runBatch } from './batch.js';
import { executeRequest, type RequestOutcome } from './execute-request.js';
import { parseRequestSpec } from './request-spec.js';
import type { ResponseData } from './response-data.js';
import { encodeResponse } from './response-wire.js';
import { parseCookieDate } from './set-cookie.js';
import { httpState, resetBetweenIterations, disposeHttpState } from './vu-http-state.js';

function record(payload: unknown, op: string): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new GuestError(`${op}: expected an object`);
  return payload as Record<string, unknown>;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new GuestError(`${what} must be a string`);
  return value;
}

function jarId(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new GuestError('invalid cookie jar');
  return value;
}

/** Go's url.Parse is lenient; a jar op on an unparsable URL fails like k6's does. */
function jarUrl(value: unknown): URL {
  const raw = text(value, 'url');
  try {
    return new URL(raw);
  } catch {
    throw new GuestError(`parse "${raw}": invalid URL`);
  }
}

function throwIfFailed(outcome: RequestOutcome): ResponseData {
  if (outcome.failure !== undefined && outcome.throwOnError) throw new GuestError(outcome.failure.detail);
  return outcome.response;
}

/** Not an async function: the bridge takes a synchronous throw as well, and one layer less is ~0.5 KB less garbage per request. */
function request(vu: VuHostContext, { payload, buffer }: OpInput): Promise<TextResult> {
  if (vu.phase === 'init') throw new GuestError('Making http requests in the init context is not supported');
  const spec = parseRequestSpec(payload, buffer?.byteLength ?? 0);
  const state = httpState(vu);
  state.dropStashedBodies();
  return executeRequest(vu, state, spec, buffer).then((outcome) => encodeResponse(throwIfFailed(outcome)));
}

/** Each response's text whole: the batch travels as one JSON array of them. */
async function batch(vu: VuHostContext, { payload, buffer }: OpInput): Promise<string[]> {
  if (vu.phase === 'init') throw new GuestError('Using batch in the init context is not supported');
  const requests = record(payload, 'http.batch').requests;
  if (!Array.isArray(requests)) throw new GuestError('http.batch() accepts only an array or an object of requests');
  const specs = requests.map((item) => parseRequestSpec(item, buffer?.byteLength ?? 0));
  const state = httpState(vu);
  state.dropStashedBodies();
  const outcomes = await runBatch(vu, state, specs, buffer);
  for (const outcome of outcomes) throwIfFailed(outcome);
  return outcomes.map((outcome) => encodeResponse(outcome.response).toString());
}

function jarSet(vu: VuHostContext, { payload }: OpInput): boolean {
  const p = record(payload, 'http.jar.set');
  const url = jarUrl(p.url);
  const options = p.options === undefined || p.options === null ? {} : record(p.options, 'http.jar.set options');
  let expires: number | undefined;
  const expiresText = options.expires;
  if (typeof expiresText === 'string' && expiresText !== '') {
    expires = parseCookieDate(expiresText);
    if (expires === undefined) {
      throw new GuestError(`unable to parse "expires" date string "${expiresText}": parsing time "${expiresText}" as "Mon, 02 Jan 2006 15:04:05 MST": cannot parse`);
    }
  }
  httpState(vu)
    .jar(jarId(p.jar))
    .setCookies(url, [
      {
        name: text(p.name, 'name'),
        value: text(p.value, 'value'),
        domain: typeof options.domain === 'string' ? options.domain : '',
        path: typeof options.path === 'string' ? options.path : '',
        secure: options.secure === true,
        httpOnly: options.http_only === true,
        maxAge: typeof options.max_age === 'number' ? Math.trunc(options.max_age) : 0,
        expires,
      },
    ]);
  return true;
}

function cookiesForUrl(vu: VuHostContext, { payload }: OpInput): Record<string, string[]> {
  const p = record(payload, 'http.jar.cookiesForURL');
  const result: Record<string, string[]> = {};
  for (const cookie of httpState(vu).jar(jarId(p.jar)).cookies(jarUrl(p.url))) (result[cookie.name] ??= []).push(cookie.value);
  return result;
}

/** k6 expires each cookie the URL would get, as seen from that URL (Go jar semantics). */
function jarClear(vu: VuHostContext, { payload }: OpInput): undefined {
  const p = record(payload, 'http.jar.clear');
  const url = jarUrl(p.url);
  const jar = httpState(vu).jar(jarId(p.jar));
  jar.setCookies(url, jar.cookies(url).map((c) => ({ name: c.name, value: c.value, maxAge: -1 })));
  return undefined;
}

function jarDelete(vu: VuHostContext, { payload }: OpInput): undefined {
  const p = record(payload, 'http.jar.delete');
  const name = p.name;
  if (typeof name !== 'string' || name === '') throw new GuestError('cookie: is null');
  httpState(vu).jar(jarId(p.jar)).setCookies(jarUrl(p.url), [{ name, value: '', maxAge: -1 }]);
  return undefined;
}

export const httpModule: HostModule = {
  async: {
    'http.request': request,
    'http.batch': batch,
  },
  sync: {
    'http.takeBody': (vu, { payload }) => {
      if (typeof payload !== 'number') throw new GuestError('http.takeBody: expected a body id');
      return httpState(vu).takeBody(payload);
    },
    'http.resetJar': (vu) => {
      resetBetweenIterations(vu);
      return undefined;
    },
    'http.jar.vu': (vu) => {
      if (vu.phase === 'init') throw new GuestError('Making cookie jars in the init context is not supported');
      return 0;
    },
    'http.jar.new': (vu) => httpState(vu).newJar(),
    'http.jar.free': (vu, { payload }) => {
      httpState(vu).freeJar(jarId(payload));
      return undefined;
    },
    'http.jar.cookiesForURL': cookiesForUrl,
    'http.jar.set': jarSet,
    'http.jar.clear': jarClear,
    'http.jar.delete': jarDelete,
  },
  afterIteration: resetBetweenIterations,
  dispose: disposeHttpState,
};
