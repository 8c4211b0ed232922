// @ts-check
// The arguments of k6/websockets' WebSocket, checked with k6's error messages
// (internal/js/modules/k6/websockets: parseURL, buildParams in params.go, send's accepted types).
import { goError, goTypeName } from './binary-input.js';
import { blobBytes, isBlob } from './blob.js';

/** sobek's conversion of an argument to a Go int: NaN and undefined are 0. @param {unknown} value */
export function goInt(value) {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? n : 0;
}

/** k6's parseURL: a ws or wss URL without a fragment. @param {unknown} url */
export function checkUrl(url) {
  if (url === undefined || url === null) throw goError('WebSocket requires a url');
  const text = String(url);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase() ?? '';
  if (scheme !== 'ws' && scheme !== 'wss') throw goError(`WebSocket requires url with scheme ws or wss, but got ${JSON.stringify(scheme)}`);
  const hash = text.indexOf('#');
  if (hash >= 0 && hash < text.length - 1) throw goError(`WebSocket requires no url fragment, but got ${JSON.stringify(text.slice(hash + 1))}`);
  return text;
}

/** The constructor's `protocols`: a string or an array of them. @param {unknown} protocols */
export function subprotocols(protocols) {
  if (typeof protocols === 'string' || protocols instanceof String) return [String(protocols)];
  if (Array.isArray(protocols)) return protocols.map(String);
  return [];
}

/** k6's buildParams: headers, tags, jar and compression, nothing else. @param {unknown} params */
export function socketParams(params) {
  /** @type {{ headers: Record<string, string>, tags: Record<string, string>, jar: number, compression: boolean }} */
  const spec = { headers: {}, tags: {}, jar: 0, compression: false };
  if (params === undefined || params === null) return spec;
  const p = /** @type {Record<string, any>} */ (Object(params));
  for (const key of Object.keys(p)) {
    const value = p[key];
    switch (key) {
      case 'headers':
        if (value !== undefined && value !== null) for (const name of Object.keys(Object(value))) spec.headers[name] = String(value[name]);
        break;
      case 'tags':
        if (value === undefined || value === null) break;
        for (const name of Object.keys(Object(value))) {
          const tag = value[name];
          if (typeof tag !== 'string' && typeof tag !== 'number' && typeof tag !== 'boolean') {
            throw goError(`invalid WebSocket tags option: invalid value for metric tag '${name}': only String, Boolean and Number types are accepted as a metric tag values`);
          }
          spec.tags[name] = String(tag);
        }
        break;
      case 'jar':
        if (value !== null && typeof value === 'object' && typeof value.id === 'number' && typeof value.cookiesForURL === 'function') spec.jar = value.id;
        break;
      case 'compression': {
        const algorithm = String(value).trim();
        if (algorithm !== 'deflate') throw goError(`unsupported compression algorithm '${algorithm}', supported algorithm is 'deflate'`);
        spec.compression = true;
        break;
      }
      default:
        throw goError(`unknown WebSocket's option ${key}`);
    }
  }
  return spec;
}

/** The bytes `send()` accepts besides text, as an ArrayBuffer of exactly those bytes. @param {unknown} data */
export function binaryMessage(data) {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  if (isBlob(data)) return blobBytes(data).slice().buffer;
  throw goError(`unsupported send type ${goTypeName(data)}`);
}
