// @ts-check
// k6's multipart/form-data request body: an object body with at least one `http.file()` value
// (js/modules/k6/http/request.go handleObjectBody, file.go), written byte for byte like Go's
// mime/multipart Writer. It is built here as bytes so file content reaches the host untouched
// through the bridge buffer, with no extra host call per request.
//
// k6 quirks kept on purpose: a file part's `name` is not escaped (k6 formats it itself) while its
// filename and a plain field's name are (backslash and double quote get a backslash); the
// Content-Type of a file part is written even when empty. k6 walks a Go map, so its part order is
// random; here it is the object's key order.
import { goError, goString, goTypeName, toBinaryInput } from './binary-input.js';
import { formValue } from './form-encode.js';
import { utf8Encode } from './utf8.js';

/** What `http.file()` returns; k6 shows its Go struct's fields as data, filename, content_type. */
export class FileData {
  /** @param {string | ArrayBuffer} data @param {string} filename @param {string} contentType */
  constructor(data, filename, contentType) {
    this.data = data;
    this.filename = filename;
    this.content_type = contentType;
  }
}

/** k6 names a file without a filename after the time in nanoseconds; the counter stands in for sub-ms digits. */
let unnamedFiles = 0;

/**
 * k6's http.file(data, filename?, contentType?): data must be a string or an ArrayBuffer (sobek
 * hands k6 a typed array as []uint8, which it rejects); an explicit undefined filename or content
 * type counts as given and becomes ''.
 * @param {unknown} data @param {unknown[]} args
 */
export function file(data, args) {
  const filename = args.length > 0 ? goString(args[0]) : String(BigInt(Date.now()) * 1000000n + BigInt((unnamedFiles++) % 1000000));
  const contentType = args.length > 1 ? goString(args[1]) : 'application/octet-stream';
  if (typeof data !== 'string' && !(data instanceof ArrayBuffer)) {
    const type = data instanceof Uint8Array || data instanceof Uint8ClampedArray ? '[]uint8' : goTypeName(data);
    throw goError(`invalid type ${type}, expected string or ArrayBuffer`);
  }
  return new FileData(data, filename, contentType);
}

/** k6's requestContainsFile: only top-level values count. @param {Record<string, unknown>} data */
export function containsFile(data) {
  return Object.values(data).some((value) => value instanceof FileData);
}

/** Go's multipart escapeQuotes. @param {string} text */
function escapeQuotes(text) {
  return text.replace(/[\\"]/g, (c) => `\\${c}`);
}

/**
 * Go's randomBoundary: 30 random bytes in hex. Math.random is enough here: the boundary only has
 * to be absent from the content, it is no secret.
 */
function randomBoundary() {
  let out = '';
  for (let i = 0; i < 30; i += 1) out += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  return out;
}

/** @param {unknown} value */
function text(value) {
  return value === undefined || value === null ? '' : String(value);
}

/**
 * Encodes `data` the way k6 does when it holds a FileData; a file whose `data` was replaced by
 * something that is not bytes throws k6's ToBytes error.
 * @param {Record<string, unknown>} data
 * @param {(message: string) => void} warn receives k6's warning for nested plain values
 * @returns {{ bytes: Uint8Array, contentType: string }}
 */
export function encodeMultipart(data, warn) {
  const boundary = randomBoundary();
  /** @type {Uint8Array[]} */
  const chunks = [];
  for (const key of Object.keys(data)) {
    const value = data[key];
    let head = chunks.length === 0 ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`;
    /** @type {Uint8Array} */
    let content;
    if (value instanceof FileData) {
      head += `Content-Disposition: form-data; name="${key}"; filename="${escapeQuotes(text(value.filename))}"\r\n`;
      head += `Content-Type: ${text(value.content_type)}\r\n\r\n`;
      const input = toBinaryInput(value.data);
      content = typeof input === 'string' ? utf8Encode(input) : new Uint8Array(input);
    } else {
      head += `Content-Disposition: form-data; name="${escapeQuotes(key)}"\r\n\r\n`;
      content = utf8Encode(formValue(value, warn));
    }
    chunks.push(utf8Encode(head), content);
  }
  chunks.push(utf8Encode(`\r\n--${boundary}--\r\n`));
  let total = 0;
  for (const chunk of chunks) total += chunk.byteLength;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, contentType: `multipart/form-data; boundary=${boundary}` };
}
