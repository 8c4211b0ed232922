/**
 * Runs one k6 request end to end (lib/netext/httpext/request.go `MakeRequest` + Go's http.Client
 * redirect loop): hops, redirects with k6/Go semantics, cookies per hop, the response body by
 * `responseType`, metrics per hop, and k6's failure handling.
 *
 * Redirects: 301/302/303 continue as GET without a body (HEAD stays HEAD), 307/308 keep method and
 * body. A 3xx without Location is returned as is. After `redirects` followed hops the last 3xx is
 * returned (with k6's warning when the limit came from the options). Set-Cookie of every hop goes
 * to the jar and the Cookie header is rebuilt for the next hop; Authorization set by the user is
 * dropped when the redirect leaves the domain; a Referer is added (Go does both).
 *
 * Stale keep-alive connections: like Go's transport, a replayable request (idempotent method)
 * that failed on a reused connection before any response byte arrived is retried once on a new
 * connection, without samples for the failed attempt.
 *
 * Failures: the outcome carries the {@link HttpFailure}; unless the request throws, k6's "Request
 * Failed" warning is logged here. A VU abort (hard stop) emits no samples and logs nothing.
 *
 * k6-compat: HTTP/1.1 only (k6 negotiates HTTP/2 over TLS, so `proto` may differ); no proxy from
 * HTTP(S)_PROXY; k6's `dns` option and digest/NTLM auth are not applied yet (hosts, the TLS
 * options, blockHostnames and blacklistIPs are: vu-connector.ts; rps: request-rate-limit.ts).
 * Params cookies are sent in insertion order (k6 iterates a Go map: random order). undici closes
 * the connection after a HEAD request.
 */
import type { VuHostContext } from '../../vu/host-context.js';
import { decompressBody } from './compression.js';
import { RequestCancellation } from './request-cancellation.js';
import { requestRateLimiter } from './request-rate-limit.js';
import { emitDataSamples, emitHopSamples } from './emit-metrics.js';
import { classifyError, decompressionFailure, failure, timeoutFailure, urlErrorPrefix, type FailureContext, type HttpFailure } from './error-codes.js';
import { formatDebugRequest, formatDebugResponse } from './http-debug.js';
import { headerValue, headerValues, k6ResponseHeaders } from './headers.js';
import { cookieHeader, prepareRequest, type PreparedRequest } from './prepare-request.js';
import type { RequestSpec } from './request-spec.js';
import { basicAuthFromUrl, cleanUrl, refererFor, sameDomainOrSubdomain } from './request-url.js';
import { emptyResponse, type ResponseCookie, type ResponseData } from './response-data.js';
import { sendHop, type HopResponse } from './send-hop.js';
import { parseSetCookie, ZERO_TIME_MS, type ParsedCookie } from './set-cookie.js';
import { finishHop, newHopTrace, takeSocketBytes, tlsInfo, type HopTrace } from './timings.js';
import type { VuHttpState } from './vu-http-state.js';

export interface RequestOutcome {
  readonly response: ResponseData;
  readonly failure: HttpFailure | undefined;
  readonly throwOnError: boolean;
}

const TIMEOUT = Symbol('timeout');
const CANCELED = Symbol('canceled');
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** setTimeout's limit; longer timeouts mean "no timeout" in practice. */
const MAX_TIMER_MS = 2_147_483_647;

/** Current hop of the redirect loop. */
interface Hop {
  url: URL;
  rawUrl: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

function setCookies(headers: HopResponse['headers']): ParsedCookie[] {
  const result: ParsedCookie[] = [];
  for (const line of headerValues(headers, 'set-cookie')) {
    const cookie = parseSetCookie(line);
    if (cookie !== undefined) result.push(cookie);
  }
  return result;
}

function responseCookies(cookies: readonly ParsedCookie[]): Record<string, ResponseCookie[]> {
  const result: Record<string, ResponseCookie[]> = {};
  for (const c of cookies) {
    (result[c.name] ??= []).push({
      name: c.name,
      value: c.value,
      domain: c.domain,
      path: c.path,
      http_only: c.httpOnly,
      secure: c.secure,
      max_age: c.maxAge,
      expires: c.expires ?? ZERO_TIME_MS,
    });
  }
  return result;
}

/** The next hop after a redirect response, per Go's http.Client rules. */
function nextHop(prepared: PreparedRequest, hop: Hop, status: number, target: URL): Hop {
  const keepBody = status === 307 || status === 308;
  const method = keepBody || hop.method === 'GET' || hop.method === 'HEAD' ? hop.method : 'GET';
  const headers: Record<string, string> = { ...prepared.headers };
  delete headers.Cookie;
  if (!sameDomainOrSubdomain(hop.url, target)) {
    delete headers.Authorization;
    delete headers['Www-Authenticate'];
  }
  if (headers.Referer === undefined) {
    const referer = refererFor(hop.url, target);
    if (referer !== undefined) headers.Referer = referer;
  }
  const cookie = cookieHeader(prepared.jar, prepared.cookies, target);
  if (cookie !== '') headers.Cookie = cookie;
  return { url: target, rawUrl: target.href, method, headers, body: keepBody ? hop.body : null };
}

/** Makes the request described by `spec`; never throws for request failures (see RequestOutcome). */
export async function executeRequest(vu: VuHostContext, state: VuHttpState, spec: RequestSpec, buffer: ArrayBuffer | undefined): Promise<RequestOutcome> {
  const preparing = prepareRequest(vu, state, spec, buffer);
  const preparation = preparing instanceof Promise ? await preparing : preparing;
  if (!preparation.ok) {
    const response = emptyResponse(spec.url, { method: spec.method, url: spec.url, headers: {}, body: '', cookies: {} });
    response.error = preparation.failure.message;
    response.error_code = preparation.failure.code;
    if (!preparation.throwOnError) logFailure(vu, preparation.failure);
    return { response, failure: preparation.failure, throwOnError: preparation.throwOnError };
  }
  const prepared = preparation.request;
  // k6 waits for the rps limit before the request, outside its timings.
  const limiter = requestRateLimiter(vu.http.rps);
  if (limiter !== undefined) await limiter.waitTurn(vu.signal);
  const response = emptyResponse(prepared.rawUrl, prepared.request);
  if (prepared.url === undefined) {
    const schemeFailure = prepared.schemeFailure ?? failure(1000, 'unsupported protocol scheme');
    emitHopSamples(vu, prepared.tags, { method: prepared.method, cleanUrl: cleanUrl(prepared.rawUrl), status: 0, failure: schemeFailure, tlsVersion: undefined, timings: response.timings });
    return finish(vu, prepared, response, schemeFailure);
  }

  const cancellation = new RequestCancellation();
  const timer = prepared.timeout <= MAX_TIMER_MS ? setTimeout(() => cancellation.abort(TIMEOUT), Math.max(0, prepared.timeout)) : undefined;
  const untrack = state.cancelOnVuAbort(cancellation, CANCELED);
  const debug = vu.http.httpDebug;
  let hop: Hop = { url: prepared.url, rawUrl: prepared.rawUrl, method: prepared.method, headers: prepared.headers, body: prepared.body };
  let bytesSent = 0;
  let bytesReceived = 0;
  let requests = 0;
  let outcomeFailure: HttpFailure | undefined;

  /** Records a finished hop on the response and in the metrics. */
  const recordHop = (current: Hop, result: HopResponse | undefined, hopFailure: HttpFailure | undefined, trace: HopTrace): void => {
    const timings = finishHop(trace);
    const bytes = takeSocketBytes(trace);
    bytesSent += bytes.sent;
    bytesReceived += bytes.received;
    response.timings = timings;
    if (trace.socket !== undefined) {
      response.remote_ip = trace.socket.remoteAddress ?? '';
      response.remote_port = trace.socket.remotePort ?? 0;
    }
    if (result !== undefined && result.status >= 400 && hopFailure === undefined) response.error_code = 1000 + result.status;
    if (cancellation.reason === CANCELED) return;
    const tlsVersion = hopFailure === undefined ? tlsInfo(trace)?.version : undefined;
    emitHopSamples(vu, prepared.tags, { method: current.method, cleanUrl: cleanUrl(current.rawUrl), status: result?.status ?? 0, failure: hopFailure, tlsVersion, timings });
  };

  try {
    let retried = false;
    for (;;) {
      let trace = newHopTrace();
      const auth = hop.headers.Authorization === undefined ? basicAuthFromUrl(hop.url) : undefined;
      const wireHeaders = auth === undefined ? hop.headers : { ...hop.headers, Authorization: auth };
      let result: HopResponse | undefined;
      let hopFailure: HttpFailure | undefined;
      if (hop.url.protocol !== 'http:' && hop.url.protocol !== 'https:') {
        const scheme = hop.url.protocol.slice(0, -1);
        hopFailure = failure(1000, `unsupported protocol scheme "${scheme}"`, `${urlErrorPrefix(contextOf(hop))}unsupported protocol scheme "${scheme}"`);
      } else {
        // A discarded body (responseType 'none') is only counted: a 100 MB download costs no memory.
        const discardBody = prepared.responseType === 'none' && debug !== 'full';
        const request = { url: hop.url, method: hop.method, headers: wireHeaders, body: hop.body, reset: vu.http.noConnectionReuse, discardBody };
        for (;;) {
          try {
            result = await sendHop(state.dispatcher(), request, trace, cancellation);
          } catch (error) {
            if (!retried && !cancellation.aborted && trace.reused && trace.firstByte === 0 && REPLAYABLE.has(hop.method)) {
              retried = true;
              takeSocketBytes(trace);
              trace = newHopTrace();
              continue;
            }
            hopFailure = failureOf(cancellation.aborted ? cancellation.reason : error, hop, trace);
          }
          break;
        }
        if (debug !== '') {
          vu.log('info', formatDebugRequest({ method: hop.method, url: hop.url, headers: wireHeaders, body: hop.body }, debug === 'full'));
          if (result !== undefined) vu.log('info', formatDebugResponse(statusLine(result), result.headers, result.chunks, debug === 'full'));
        }
      }
      requests += 1;
      response.url = hop.rawUrl;

      let next: Hop | undefined;
      const location = result !== undefined && REDIRECTS.has(result.status) ? headerValue(result.headers, 'location') : '';
      if (result !== undefined && location !== '') {
        let target: URL | undefined;
        try {
          target = new URL(location, hop.url);
        } catch (error) {
          hopFailure = failure(1000, `failed to parse Location header ${JSON.stringify(location)}: ${String(error)}`);
        }
        if (target !== undefined) {
          prepared.jar.setCookies(hop.url, setCookies(result.headers));
          if (requests <= prepared.redirects) next = nextHop(prepared, hop, result.status, target);
          else if (prepared.warnOnRedirectLimit) {
            vu.log('warn', `Stopped after ${requests} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this`, { url: prepared.rawUrl });
          }
        }
      }
      if (result === undefined || hopFailure !== undefined || next !== undefined) {
        recordHop(hop, result, hopFailure, trace);
        if (next === undefined || hopFailure !== undefined) {
          outcomeFailure = hopFailure;
          break;
        }
        hop = next;
        continue;
      }

      // The final response: read the body as k6 does, then record the hop (late errors included).
      clearTimeout(timer);
      try {
        const filling = fillBody(state, prepared, result, response);
        if (filling !== undefined) await filling;
      } catch (error) {
        outcomeFailure = decompressionFailure(error);
      }
      recordHop(hop, result, outcomeFailure, trace);
      if (outcomeFailure === undefined) fillSuccess(prepared, hop, result, trace, response);
      break;
    }
  } finally {
    clearTimeout(timer);
    untrack();
  }
  const canceled = cancellation.reason === CANCELED;
  if (!canceled) emitDataSamples(vu, bytesSent, bytesReceived);
  return finish(vu, prepared, response, outcomeFailure, canceled);
}

function contextOf(hop: Hop): FailureContext {
  const { url } = hop;
  return { method: hop.method, url: cleanUrl(hop.rawUrl), hostname: url.hostname, port: url.port || (url.protocol === 'https:' ? '443' : '80') };
}

function failureOf(error: unknown, hop: Hop, trace: HopTrace): HttpFailure {
  const context = contextOf(hop);
  if (error === TIMEOUT) return timeoutFailure(context, trace.sendStart > 0);
  if (error === CANCELED) return failure(1000, 'context canceled', `${urlErrorPrefix(context)}context canceled`);
  return classifyError(error, context);
}

function statusLine(result: HopResponse): string {
  return result.statusText === '' ? String(result.status) : `${result.status} ${result.statusText}`;
}

/**
 * Sets the body per responseType (k6 readResponseBody): none → null, 1xx/204/304 → null. A
 * promise only while a Content-Encoding is undone: most responses have none, and each request
 * would otherwise pass through two more async functions (~0.5 KB of garbage each).
 */
function fillBody(state: VuHttpState, prepared: PreparedRequest, result: HopResponse, response: ResponseData): Promise<void> | undefined {
  if (prepared.responseType === 'none') return undefined;
  const status = result.status;
  if ((status >= 100 && status <= 199) || status === 204 || status === 304) return undefined;
  const raw = result.chunks.length === 1 ? (result.chunks[0] as Buffer) : Buffer.concat(result.chunks as Buffer[], result.bodyLength);
  const encoding = headerValue(result.headers, 'content-encoding');
  if (encoding === '') {
    setBody(state, prepared, response, raw);
    return undefined;
  }
  return decompressBody(raw, encoding).then((body) => setBody(state, prepared, response, body));
}

function setBody(state: VuHttpState, prepared: PreparedRequest, response: ResponseData, body: Buffer): void {
  if (prepared.responseType === 'binary') {
    response.body = null;
    response.body_id = state.stashBody(body);
  } else {
    response.body = body;
  }
}

function fillSuccess(prepared: PreparedRequest, hop: Hop, result: HopResponse, trace: HopTrace, response: ResponseData): void {
  const cookies = setCookies(result.headers);
  if (cookies.length > 0) prepared.jar.setCookies(hop.url, cookies);
  response.status = result.status;
  response.status_text = statusLine(result);
  response.proto = 'HTTP/1.1';
  response.headers = k6ResponseHeaders(result.headers);
  response.cookies = responseCookies(cookies);
  const tls = tlsInfo(trace);
  if (tls !== undefined) {
    response.tls_version = tls.version;
    response.tls_cipher_suite = tls.cipher;
  }
}

function logFailure(vu: VuHostContext, failed: HttpFailure): void {
  vu.log('warn', 'Request Failed', { error: failed.detail });
}

function finish(vu: VuHostContext, prepared: PreparedRequest, response: ResponseData, failed: HttpFailure | undefined, canceled = false): RequestOutcome {
  if (failed !== undefined) {
    response.status = 0;
    response.error = failed.message;
    response.error_code = failed.code;
    if (!prepared.throwOnError && !canceled) logFailure(vu, failed);
  }
  return { response, failure: failed, throwOnError: prepared.throwOnError };
}
