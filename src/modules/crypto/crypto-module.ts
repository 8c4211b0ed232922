/**
 * Host side of `k6/crypto` (k6 internal/js/modules/k6/crypto/crypto.go) and of the web `crypto`
 * global's randomness. The guest validates argument types and algorithm names in k6's order and
 * batches a hasher's updates, so `createHash(…).update(…).digest(…)` is one crossing; the host
 * hashes. Errors a script sees are GoErrors with k6's messages.
 *
 * Inputs are `chunks` (op-input.ts inputChunks): strings, or lengths of binary pieces in the
 * bridge buffer, which starts with the binary HMAC key when there is one (`keyBytes` long; a text
 * key comes in `key`).
 *
 * sync
 *   crypto.digest         { alg, enc, chunks, hmac?, key?, keyBytes? } → the digest of the chunks
 *                         (text, or an ArrayBuffer for `binary`). One-shot md5(…), hmac(…), and a
 *                         hasher whose data is still all in the guest.
 *   crypto.hasher.new     { alg, chunks, hmac?, key?, keyBytes? } → id of a host hasher fed the chunks
 *   crypto.hasher.update  { id, chunks } → –
 *   crypto.hasher.digest  { id, enc, chunks } → the digest after the chunks; the hasher stays
 *                         usable (Go's hash.Sum semantics)
 *   crypto.hasher.free    id → – (the guest, once the script dropped the hasher)
 *   crypto.randomBytes    n (1 … 2^30) → ArrayBuffer of n random bytes
 *   crypto.randomUUID     – → a random (v4) UUID
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { BinaryResult, GuestError, type HostModule, type OpInput } from '../../vu/bridge-contract.js';
import type { VuHostContext } from '../../vu/host-context.js';
import { inputChunks, payloadRecord } from '../encoding/op-input.js';
import { encodeDigest, isHashAlgorithm, isOutputEncoding, newHash, newHmac } from './hashers.js';
import type { IncrementalHash } from './legacy-hashes.js';

const MAX_RANDOM_BYTES = 2 ** 30;
const STATE_KEY = 'crypto';

interface CryptoState {
  nextId: number;
  readonly hashers: Map<number, IncrementalHash>;
}

function cryptoState(vu: VuHostContext): CryptoState {
  let state = vu.state.get(STATE_KEY) as CryptoState | undefined;
  if (state === undefined) {
    state = { nextId: 1, hashers: new Map() };
    vu.state.set(STATE_KEY, state);
  }
  return state;
}

/** The hash (or HMAC) a payload asks for, fed with the payload's chunks. */
function openHash(p: Record<string, unknown>, buffer: ArrayBuffer | undefined): IncrementalHash {
  const algorithm = p.alg;
  if (!isHashAlgorithm(algorithm)) throw new GuestError(`invalid algorithm: ${String(algorithm)}`, 'GoError');
  let hash: IncrementalHash;
  let keyBytes = 0;
  if (p.hmac !== true) hash = newHash(algorithm);
  else if (typeof p.key === 'string') hash = newHmac(algorithm, Buffer.from(p.key, 'utf8'));
  else {
    keyBytes = typeof p.keyBytes === 'number' ? p.keyBytes : 0;
    if (!Number.isInteger(keyBytes) || keyBytes < 0 || keyBytes > (buffer?.byteLength ?? 0)) throw new GuestError('crypto: invalid key length');
    hash = newHmac(algorithm, buffer === undefined ? new Uint8Array(0) : new Uint8Array(buffer, 0, keyBytes));
  }
  feed(hash, p.chunks, buffer, keyBytes);
  return hash;
}

function feed(hash: IncrementalHash, chunks: unknown, buffer: ArrayBuffer | undefined, offset = 0): void {
  for (const piece of inputChunks(chunks, buffer, offset)) hash.update(piece);
}

function digestAs(hash: IncrementalHash, encoding: unknown): string | BinaryResult {
  if (!isOutputEncoding(encoding)) throw new GuestError(`invalid output encoding: ${String(encoding)}`, 'GoError');
  const sum = hash.digest();
  return encoding === 'binary' ? new BinaryResult(sum) : encodeDigest(sum, encoding);
}

function digest(_vu: VuHostContext, { payload, buffer }: OpInput): string | BinaryResult {
  const p = payloadRecord(payload, 'crypto.digest');
  return digestAs(openHash(p, buffer), p.enc);
}

function hasherId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new GuestError('crypto: invalid hasher');
  return value;
}

function hasher(vu: VuHostContext, id: unknown): IncrementalHash {
  const found = cryptoState(vu).hashers.get(hasherId(id));
  if (found === undefined) throw new GuestError('crypto: unknown hasher');
  return found;
}

function hasherNew(vu: VuHostContext, { payload, buffer }: OpInput): number {
  const hash = openHash(payloadRecord(payload, 'crypto.hasher.new'), buffer);
  const state = cryptoState(vu);
  const id = state.nextId;
  state.nextId += 1;
  state.hashers.set(id, hash);
  return id;
}

function hasherUpdate(vu: VuHostContext, { payload, buffer }: OpInput): undefined {
  const p = payloadRecord(payload, 'crypto.hasher.update');
  feed(hasher(vu, p.id), p.chunks, buffer);
  return undefined;
}

function hasherDigest(vu: VuHostContext, { payload, buffer }: OpInput): string | BinaryResult {
  const p = payloadRecord(payload, 'crypto.hasher.digest');
  const hash = hasher(vu, p.id);
  feed(hash, p.chunks, buffer);
  return digestAs(hash, p.enc);
}

function random(_vu: VuHostContext, { payload }: OpInput): BinaryResult {
  if (typeof payload !== 'number' || !Number.isInteger(payload) || payload < 1 || payload > MAX_RANDOM_BYTES) {
    throw new GuestError('invalid size', 'GoError');
  }
  return new BinaryResult(randomBytes(payload));
}

export const cryptoModule: HostModule = {
  sync: {
    'crypto.digest': digest,
    'crypto.hasher.new': hasherNew,
    'crypto.hasher.update': hasherUpdate,
    'crypto.hasher.digest': hasherDigest,
    'crypto.hasher.free': (vu, { payload }) => {
      cryptoState(vu).hashers.delete(hasherId(payload));
      return undefined;
    },
    'crypto.randomBytes': random,
    'crypto.randomUUID': () => randomUUID(),
  },
  dispose: (vu) => {
    vu.state.delete(STATE_KEY);
  },
};
