// @ts-check
// `http.batch()` of k6/http, compiled when a script first calls it (src/vu/runtime-modules.ts).
// k6/http hands in what it shares with single requests: the spec builder, its Response and the
// http.url check. All requests travel in one `http.batch` host call; binary bodies share one
// bridge buffer.
import { host } from 'qk6:internal';

/**
 * @typedef {{ spec: Record<string, any>, bytes: Uint8Array | undefined }} BuiltRequest
 * @typedef {{
 *   buildSpec: (method: string, target: unknown, body: unknown, params: unknown) => BuiltRequest,
 *   isHttpUrl: (value: unknown) => boolean,
 *   newResponse: (text: string, sentBody: string | undefined) => unknown,
 * }} HttpParts
 */

/**
 * One batch entry (string, [method, url, body, params] or {method, url, body, params}).
 * @param {unknown} item @param {string | number} key @param {HttpParts} http
 */
function batchEntry(item, key, http) {
  if (Array.isArray(item)) {
    if (item.length < 2) throw new Error(`invalid batch request '${JSON.stringify(item)}'`);
    if (typeof item[0] !== 'string') throw new Error(`invalid method type '${String(item[0])}'`);
    return http.buildSpec(item[0], item[1], item[2], item[3]);
  }
  if (item !== null && typeof item === 'object' && !http.isHttpUrl(item)) {
    const entry = /** @type {Record<string, any>} */ (item);
    if (!('url' in entry)) throw new Error(`batch request ${String(key)} doesn't have a url key`);
    let method = 'GET';
    let body = entry.body;
    if ('method' in entry) {
      if (typeof entry.method !== 'string') throw new Error(`invalid method type '${String(entry.method)}'`);
      method = entry.method.toUpperCase();
      if (method === 'GET' || method === 'HEAD') body = undefined;
    }
    return http.buildSpec(method, entry.url, body, entry.params);
  }
  return http.buildSpec('GET', item, undefined, undefined);
}

/** @param {unknown} requests @param {HttpParts} http */
export function batch(requests, http) {
  if (requests === null || typeof requests !== 'object') throw new Error('http.batch() accepts only an array or an object of requests');
  const keys = Array.isArray(requests) ? null : Object.keys(requests);
  const items = keys === null ? /** @type {unknown[]} */ (requests) : keys.map((k) => /** @type {Record<string, unknown>} */ (requests)[k]);
  const built = items.map((item, i) => batchEntry(item, keys === null ? i : /** @type {string} */ (keys[i]), http));
  let total = 0;
  for (const { bytes } of built) total += bytes?.byteLength ?? 0;
  /** @type {Uint8Array | undefined} */
  const buffer = total > 0 ? new Uint8Array(total) : undefined;
  let offset = 0;
  for (const { spec, bytes } of built) {
    if (bytes === undefined || buffer === undefined) continue;
    buffer.set(bytes, offset);
    spec.bodyRange = [offset, bytes.byteLength];
    offset += bytes.byteLength;
  }
  const payload = JSON.stringify({ requests: built.map((b) => b.spec) });
  const results = JSON.parse(/** @type {string} */ (host.callAsync('http.batch', payload, buffer?.buffer)));
  const responses = results.map((/** @type {string} */ text, /** @type {number} */ i) => http.newResponse(text, built[i]?.spec.body));
  if (keys === null) return responses;
  /** @type {Record<string, unknown>} */
  const byKey = {};
  keys.forEach((k, i) => {
    byKey[k] = responses[i];
  });
  return byKey;
}
