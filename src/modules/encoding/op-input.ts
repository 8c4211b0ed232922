/**
 * How the byte-oriented host ops (`k6/encoding`, `k6/crypto`) read their input: a JSON object
 * payload whose `s` carries text, or raw bytes in the bridge buffer. The guest has already applied
 * k6's type rules (string or ArrayBuffer, see runtime/lib/binary-input.js).
 */
import { GuestError } from '../../vu/bridge-contract.js';

/** The payload as an object; anything else is a guest bug reported as such. */
export function payloadRecord(payload: unknown, op: string): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new GuestError(`${op}: expected an object`);
  return payload as Record<string, unknown>;
}

/** The input bytes: the payload's `key` text as UTF-8, else the bridge buffer, else none. */
export function inputBytes(p: Record<string, unknown>, buffer: ArrayBuffer | undefined, key = 's'): Uint8Array {
  const text = p[key];
  if (typeof text === 'string') return Buffer.from(text, 'utf8');
  return buffer === undefined ? new Uint8Array(0) : new Uint8Array(buffer);
}

/**
 * The pieces of a multi-part input: `chunks` lists them in order, a string as UTF-8 text, a number
 * as the length of the next binary piece in `buffer` (read from `offset` on).
 */
export function inputChunks(chunks: unknown, buffer: ArrayBuffer | undefined, offset = 0): Uint8Array[] {
  if (chunks === undefined) return [];
  if (!Array.isArray(chunks)) throw new GuestError('expected a list of input chunks');
  const pieces: Uint8Array[] = [];
  let at = offset;
  for (const chunk of chunks) {
    if (typeof chunk === 'string') {
      pieces.push(Buffer.from(chunk, 'utf8'));
    } else if (typeof chunk === 'number' && Number.isInteger(chunk) && chunk >= 0 && buffer !== undefined && at + chunk <= buffer.byteLength) {
      pieces.push(new Uint8Array(buffer, at, chunk));
      at += chunk;
    } else {
      throw new GuestError('invalid input chunk');
    }
  }
  return pieces;
}
