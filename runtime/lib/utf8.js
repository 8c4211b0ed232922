// @ts-check
// UTF-8 in plain JavaScript for the guest (TextEncoder/TextDecoder, URLSearchParams, hexEncode):
// the WHATWG Encoding Standard's UTF-8 encoder (lone surrogates become U+FFFD) and decoder
// (each maximal invalid subsequence becomes one U+FFFD, or an error when fatal).

/** @param {string} text @returns {Uint8Array} */
export function utf8Encode(text) {
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i += 1) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[n++] = code;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x800) {
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      out[n++] = 0xe0 | (code >> 12);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    } else {
      out[n++] = 0xf0 | (code >> 18);
      out[n++] = 0x80 | ((code >> 12) & 0x3f);
      out[n++] = 0x80 | ((code >> 6) & 0x3f);
      out[n++] = 0x80 | (code & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** Builds a string from UTF-16 code units without overflowing the argument limit. @param {number[]} units */
function fromCodeUnits(units) {
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode.apply(null, units.slice(i, i + 8192));
  return text;
}

/** A (possibly streaming) UTF-8 decoder: the Encoding Standard's algorithm, state kept between chunks. */
export class Utf8Decoder {
  /** @param {boolean} fatal */
  constructor(fatal) {
    this.fatal = fatal;
    this.needed = 0;
    this.seen = 0;
    this.code = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }

  /** @param {number[]} units */
  error(units) {
    if (this.fatal) throw new TypeError('decoding text: invalid byte sequence');
    units.push(0xfffd);
  }

  /** @param {number[]} units @param {number} code */
  static push(units, code) {
    if (code < 0x10000) units.push(code);
    else units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
  }

  /**
   * Decodes `bytes`; with `stream`, an incomplete sequence at the end waits for the next chunk.
   * @param {Uint8Array} bytes @param {boolean} stream
   */
  decode(bytes, stream) {
    /** @type {number[]} */
    const units = [];
    for (let i = 0; i < bytes.length; i += 1) {
      const byte = /** @type {number} */ (bytes[i]);
      if (this.needed === 0) {
        if (byte < 0x80) units.push(byte);
        else if (byte >= 0xc2 && byte <= 0xdf) {
          this.needed = 1;
          this.code = byte & 0x1f;
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) this.lower = 0xa0;
          if (byte === 0xed) this.upper = 0x9f;
          this.needed = 2;
          this.code = byte & 0xf;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) this.lower = 0x90;
          if (byte === 0xf4) this.upper = 0x8f;
          this.needed = 3;
          this.code = byte & 0x7;
        } else this.error(units);
        continue;
      }
      if (byte < this.lower || byte > this.upper) {
        this.reset();
        this.error(units);
        i -= 1; // the byte starts over
        continue;
      }
      this.lower = 0x80;
      this.upper = 0xbf;
      this.code = (this.code << 6) | (byte & 0x3f);
      this.seen += 1;
      if (this.seen === this.needed) {
        Utf8Decoder.push(units, this.code);
        this.reset();
      }
    }
    if (!stream && this.needed !== 0) {
      this.reset();
      this.error(units);
    }
    return fromCodeUnits(units);
  }

  reset() {
    this.needed = 0;
    this.seen = 0;
    this.code = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
  }
}

/** @param {Uint8Array} bytes */
export function utf8Decode(bytes) {
  return new Utf8Decoder(false).decode(bytes, false);
}

const HEX = '0123456789abcdef';

/** @param {Uint8Array} bytes */
export function bytesToHex(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = /** @type {number} */ (bytes[i]);
    text += HEX[byte >> 4] + HEX[byte & 0xf];
  }
  return text;
}
