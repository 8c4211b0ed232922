/**
 * Bytes to a JS string the way a Go string reaches a k6 script: sobek ranges over the string, and
 * Go's range yields U+FFFD for every byte that does not start a valid UTF-8 sequence (one per
 * byte), where the WHATWG decoder behind Buffer#toString yields one per maximal invalid
 * subsequence. Valid UTF-8, the usual case, takes Buffer's fast path.
 */
import { isUtf8 } from 'node:buffer';

/** Length of the valid UTF-8 sequence starting at `i` (Go's utf8.DecodeRune rules), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number;
  const cont = (j: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + j];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** `bytes` as text with Go's replacement of invalid UTF-8 (one U+FFFD per invalid byte). */
export function goUtf8String(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let text = '';
  let start = 0;
  let i = 0;
  while (i < buffer.length) {
    const length = sequenceLength(buffer, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += buffer.toString('utf8', start, i) + '\ufffd';
    i += 1;
    start = i;
  }
  return text + buffer.toString('utf8', start, i);
}
