// @ts-check
// `TextEncoder` and `TextDecoder` (WHATWG Encoding Standard) with the encodings and messages of
// k6's (github.com/grafana/sobek-webapi-encoding): UTF-8, UTF-16LE and UTF-16BE decoding, UTF-8
// encoding; another label is a RangeError "unsupported encoding: …".
import { Utf8Decoder, utf8Encode } from './utf8.js';

const LABELS = /** @type {Record<string, string>} */ ({
  '': 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  unicode11utf8: 'utf-8',
  unicode20utf8: 'utf-8',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'x-unicode20utf8': 'utf-8',
  csunicode: 'utf-16le',
  'iso-10646-ucs-2': 'utf-16le',
  'ucs-2': 'utf-16le',
  unicode: 'utf-16le',
  unicodefeff: 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  unicodefffe: 'utf-16be',
  'utf-16be': 'utf-16be',
});

const INVALID = 'decoding text: invalid byte sequence';

/** The Encoding Standard's UTF-16 decoder, state kept between streamed chunks. */
class Utf16Decoder {
  /** @param {boolean} fatal @param {boolean} bigEndian */
  constructor(fatal, bigEndian) {
    this.fatal = fatal;
    this.bigEndian = bigEndian;
    /** @type {number | undefined} */
    this.leadByte = undefined;
    /** @type {number | undefined} */
    this.leadSurrogate = undefined;
  }

  reset() {
    this.leadByte = undefined;
    this.leadSurrogate = undefined;
  }

  /** @param {number[]} units */
  error(units) {
    if (this.fatal) throw new TypeError(INVALID);
    units.push(0xfffd);
  }

  /** @param {Uint8Array} bytes @param {boolean} stream */
  decode(bytes, stream) {
    /** @type {number[]} */
    const units = [];
    for (const byte of bytes) {
      if (this.leadByte === undefined) {
        this.leadByte = byte;
        continue;
      }
      const unit = this.bigEndian ? (this.leadByte << 8) | byte : (byte << 8) | this.leadByte;
      this.leadByte = undefined;
      if (this.leadSurrogate !== undefined) {
        const lead = this.leadSurrogate;
        this.leadSurrogate = undefined;
        if (unit >= 0xdc00 && unit <= 0xdfff) {
          units.push(lead, unit);
          continue;
        }
        this.error(units);
      }
      if (unit >= 0xd800 && unit <= 0xdbff) this.leadSurrogate = unit;
      else if (unit >= 0xdc00 && unit <= 0xdfff) this.error(units);
      else units.push(unit);
    }
    if (!stream && (this.leadByte !== undefined || this.leadSurrogate !== undefined)) {
      this.reset();
      this.error(units);
    }
    let text = '';
    for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode.apply(null, units.slice(i, i + 8192));
    return text;
  }
}

export class TextEncoder {
  get encoding() {
    return 'utf-8';
  }

  /** @param {string} [input] */
  encode(input = '') {
    return utf8Encode(String(input));
  }

  /**
   * Encodes as much of `source` as fits into `destination`, whole code points only.
   * @param {string} source @param {Uint8Array} destination
   */
  encodeInto(source, destination) {
    if (!(destination instanceof Uint8Array)) throw new TypeError('The "dest" argument must be an instance of Uint8Array.');
    const text = String(source);
    let read = 0;
    let written = 0;
    while (read < text.length) {
      const high = text.charCodeAt(read);
      const pair = high >= 0xd800 && high <= 0xdbff && read + 1 < text.length && (text.charCodeAt(read + 1) & 0xfc00) === 0xdc00;
      const units = pair ? 2 : 1;
      const bytes = utf8Encode(text.slice(read, read + units));
      if (written + bytes.length > destination.length) break;
      destination.set(bytes, written);
      written += bytes.length;
      read += units;
    }
    return { read, written };
  }

  get [Symbol.toStringTag]() {
    return 'TextEncoder';
  }
}

/** @param {unknown} input @returns {Uint8Array} */
function bytesOf(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.');
}

export class TextDecoder {
  /** @type {Utf8Decoder | Utf16Decoder} */
  #decoder;
  #encoding;
  #fatal;
  #ignoreBOM;
  #streaming = false;
  #bomChecked = false;

  /** @param {string} [label] @param {{ fatal?: boolean, ignoreBOM?: boolean }} [options] */
  constructor(label = 'utf-8', options = {}) {
    const name = label === null ? '' : String(label).toLowerCase().replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
    const encoding = Object.hasOwn(LABELS, name) ? LABELS[name] : undefined;
    if (encoding === undefined) throw new RangeError(`unsupported encoding: ${String(label)}`);
    this.#encoding = encoding;
    this.#fatal = Boolean(options?.fatal);
    this.#ignoreBOM = Boolean(options?.ignoreBOM);
    this.#decoder = encoding === 'utf-8' ? new Utf8Decoder(this.#fatal) : new Utf16Decoder(this.#fatal, encoding === 'utf-16be');
  }

  get encoding() {
    return this.#encoding;
  }

  get fatal() {
    return this.#fatal;
  }

  get ignoreBOM() {
    return this.#ignoreBOM;
  }

  /**
   * Decodes bytes; with `{ stream: true }` an incomplete sequence at the end waits for the next call.
   * Invalid input becomes U+FFFD, or a TypeError when `fatal`.
   * @param {ArrayBuffer | ArrayBufferView} [input] @param {{ stream?: boolean }} [options]
   */
  decode(input, options = {}) {
    const bytes = bytesOf(input);
    if (!this.#streaming) {
      this.#decoder.reset();
      this.#bomChecked = false;
    }
    const stream = Boolean(options?.stream);
    this.#streaming = stream;
    let text;
    try {
      text = this.#decoder.decode(bytes, stream);
    } catch (error) {
      this.#streaming = false;
      throw error;
    }
    if (!this.#bomChecked && text.length > 0) {
      this.#bomChecked = true;
      if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return text;
  }

  get [Symbol.toStringTag]() {
    return 'TextDecoder';
  }
}
