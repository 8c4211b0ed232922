/**
 * Turns a guest {@link RequestSpec} into what the executor sends, the way k6's `parseRequest` and
 * the start of `MakeRequest` do (js/modules/k6/http/request.go, lib/netext/httpext/request.go):
 * header precedence (body Content-Type < User-Agent option < params.headers), request cookies and
 * the jar, compression, the Content-Length check, and `res.request`.
 *
 * A bad URL, timeout or compression param is a "parse error": no request is made and no metric is
 * emitted; the caller throws it (`throw`) or logs it and returns a response carrying the error.
 */
import type { VuHostContext } from '../../vu/host-context.js';
import { compressBody, parseCompression } from './compression.js';
import type { CookieJar } from './cookie-jar.js';
import type { RequestTagContext } from './emit-metrics.js';
import { ErrorCode, errorMessage, failure, type HttpFailure } from './error-codes.js';
import { canonicalHeaderKey } from './headers.js';
import { cleanUrl, hasScheme } from './request-url.js';
import { DEFAULT_EXPECTED, DEFAULT_TIMEOUT_MS, type RequestSpec, type ResponseType } from './request-spec.js';
import type { RequestCookie, RequestData } from './response-data.js';
import { cookiePair, parseCookieHeader } from './set-cookie.js';
import type { VuHttpState } from './vu-http-state.js';

export interface PreparedRequest {
  readonly method: string;
  readonly rawUrl: string;
  /** Undefined when the URL has no http(s) scheme: the request fails without touching the network. */
  readonly url: URL | undefined;
  readonly schemeFailure: HttpFailure | undefined;
  /** Canonical names; includes the Cookie header of the first hop. */
  readonly headers: Record<string, string>;
  readonly body: Buffer | null;
  readonly jar: CookieJar;
  readonly cookies: RequestSpec['cookies'];
  readonly request: RequestData;
  readonly tags: RequestTagContext;
  readonly timeout: number;
  readonly redirects: number;
  readonly warnOnRedirectLimit: boolean;
  readonly responseType: ResponseType;
  readonly throwOnError: boolean;
}

export type Preparation =
  | { readonly ok: true; readonly request: PreparedRequest }
  | { readonly ok: false; readonly failure: HttpFailure; readonly throwOnError: boolean };

/** The Cookie header value for `url`: params cookies, then jar cookies they do not replace. */
export function cookieHeader(jar: CookieJar, cookies: RequestSpec['cookies'], url: URL, userCookie?: string): string {
  const parts: string[] = userCookie === undefined || userCookie === '' ? [] : [userCookie];
  let replaced: Set<string> | undefined;
  if (cookies !== undefined) {
    for (const [name, cookie] of Object.entries(cookies)) {
      parts.push(cookiePair(name, cookie.value));
      if (cookie.replace) (replaced ??= new Set()).add(name);
    }
  }
  for (const cookie of jar.cookies(url)) {
    if (replaced === undefined || !replaced.has(cookie.name)) parts.push(cookiePair(cookie.name, cookie.value));
  }
  return parts.join('; ');
}

function requestCookies(header: string | undefined): Record<string, RequestCookie[]> {
  const result: Record<string, RequestCookie[]> = {};
  if (header === undefined || header === '') return result;
  for (const [name, value] of parseCookieHeader(header)) (result[name] ??= []).push({ name, value, replace: false });
  return result;
}

/**
 * Prepares `spec`. A promise only while a `compression` param compresses the body: most requests
 * have none, and an async function costs each of them a promise and ~0.5 KB of garbage.
 */
export function prepareRequest(vu: VuHostContext, state: VuHttpState, spec: RequestSpec, buffer: ArrayBuffer | undefined): Preparation | Promise<Preparation> {
  const throwOnError = spec.throw ?? vu.http.throw;
  const parseError = (error: HttpFailure): Preparation => ({ ok: false, failure: error, throwOnError });
  if (spec.invalid !== undefined) return parseError(failure(0, spec.invalid));
  const jar = state.jar(spec.jar ?? 0);

  let url: URL | undefined;
  let schemeFailure: HttpFailure | undefined;
  if (!hasScheme(spec.url)) {
    schemeFailure = failure(ErrorCode.generic, 'unsupported protocol scheme ""', `${spec.method.slice(0, 1)}${spec.method.slice(1).toLowerCase()} "${spec.url}": unsupported protocol scheme ""`);
  } else {
    try {
      url = new URL(spec.url);
    } catch (error) {
      const message = `invalid URL: parse "${cleanUrl(spec.url)}": ${errorMessage(error)}`;
      return parseError(failure(ErrorCode.invalidUrl, message));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      const scheme = url.protocol.slice(0, -1);
      schemeFailure = failure(ErrorCode.generic, `unsupported protocol scheme "${scheme}"`, `${spec.method.slice(0, 1)}${spec.method.slice(1).toLowerCase()} "${spec.url}": unsupported protocol scheme "${scheme}"`);
      url = undefined;
    }
  }

  const headers: Record<string, string> = {};
  if (spec.bodyContentType !== undefined) headers['Content-Type'] = spec.bodyContentType;
  if (vu.http.userAgent !== '') headers['User-Agent'] = vu.http.userAgent;
  const specHeaders = spec.headers;
  if (specHeaders !== undefined) {
    for (const name in specHeaders) headers[canonicalHeaderKey(name)] = specHeaders[name] as string;
  }

  let body: Buffer | null = null;
  let bodyText = '';
  if (spec.body !== undefined) {
    body = Buffer.from(spec.body, 'utf8');
    bodyText = spec.body;
  } else if (spec.bodyRange !== undefined && buffer !== undefined) {
    body = Buffer.from(buffer, spec.bodyRange[0], spec.bodyRange[1]);
    bodyText = body.toString('utf8');
  }
  const draft: Draft = { url, schemeFailure, headers, body, bodyText, jar, throwOnError };

  if (body !== null && spec.compression !== undefined) {
    let algorithms: string[];
    try {
      algorithms = parseCompression(spec.compression);
    } catch (error) {
      return parseError(failure(0, errorMessage(error)));
    }
    if (algorithms.length > 0) {
      return compressBody(body, algorithms).then((compressed) => {
        draft.body = compressed.body;
        const current = headers['Content-Encoding'];
        if (current === undefined || current === '') headers['Content-Encoding'] = compressed.encoding;
        else if (current !== compressed.encoding) {
          vu.log('warn', `There's a mismatch between the desired \`compression\` the manually set \`Content-Encoding\` header in the ${spec.method} request for '${cleanUrl(spec.url)}', the custom header has precedence and won't be overwritten. This may result in invalid data being sent to the server.`);
        }
        return finishPreparation(vu, spec, draft);
      });
    }
  }
  return finishPreparation(vu, spec, draft);
}

/** What {@link prepareRequest} has worked out before the body's compression. */
interface Draft {
  readonly url: URL | undefined;
  readonly schemeFailure: HttpFailure | undefined;
  readonly headers: Record<string, string>;
  body: Buffer | null;
  readonly bodyText: string;
  readonly jar: CookieJar;
  readonly throwOnError: boolean;
}

/** The Content-Length check, the Cookie header and `res.request`, on the final body. */
function finishPreparation(vu: VuHostContext, spec: RequestSpec, draft: Draft): Preparation {
  const { url, headers, body } = draft;
  const declaredLength = headers['Content-Length'];
  if (declaredLength !== undefined) {
    delete headers['Content-Length'];
    const actual = body?.length ?? 0;
    if (!/^\d+$/.test(declaredLength) || Number(declaredLength) !== actual) {
      vu.log('warn', `The specified Content-Length header "${declaredLength}" in the ${spec.method} request for ${cleanUrl(spec.url)} doesn't match the actual request body length of ${actual}, so it will be ignored!`);
    }
  }

  if (url !== undefined) {
    const cookie = cookieHeader(draft.jar, spec.cookies, url, headers.Cookie);
    if (cookie !== '') headers.Cookie = cookie;
  }

  const requestHeaders: Record<string, string[]> = {};
  for (const name in headers) requestHeaders[name] = [headers[name] as string];

  const userName = spec.tags?.name;
  let name = userName;
  if (name === undefined && spec.urlName !== undefined && spec.urlName !== spec.url) {
    const clean = cleanUrl(spec.url);
    if (spec.urlName !== clean) name = spec.urlName;
  }

  return {
    ok: true,
    request: {
      method: spec.method,
      rawUrl: spec.url,
      url,
      schemeFailure: draft.schemeFailure,
      headers,
      body,
      jar: draft.jar,
      cookies: spec.cookies,
      request: {
        method: spec.method,
        url: spec.url,
        headers: requestHeaders,
        ...(spec.body === undefined ? { body: draft.bodyText } : {}),
        cookies: requestCookies(headers.Cookie),
      },
      tags: {
        group: spec.group ?? '',
        userTags: spec.tags,
        name,
        callback: spec.responseCallback === undefined ? DEFAULT_EXPECTED : spec.responseCallback,
      },
      timeout: spec.timeout ?? DEFAULT_TIMEOUT_MS,
      redirects: spec.redirects ?? vu.http.maxRedirects,
      warnOnRedirectLimit: spec.redirects === undefined,
      responseType: spec.responseType ?? (vu.http.discardResponseBodies ? 'none' : 'text'),
      throwOnError: draft.throwOnError,
    },
  };
}
