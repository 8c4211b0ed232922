/**
 * The hash algorithms of `k6/crypto` (k6 internal/js/modules/k6/crypto/crypto.go parseHashFunc),
 * as incremental hashes whose digest can be taken repeatedly, like Go's `hash.Hash.Sum`: k6 scripts
 * may call `digest('hex')` and then `digest('base64')` on the same hasher. Node's hashes are used
 * through `copy()`; MD4 and RIPEMD-160 fall back to legacy-hashes.ts when OpenSSL lacks them.
 * HMAC is built on the same hashes (RFC 2104) so that it too can be digested more than once.
 */
import { createHash, type Hash } from 'node:crypto';
import { createMd4, createRipemd160, type IncrementalHash } from './legacy-hashes.js';

/** k6's algorithm names. */
export type HashAlgorithm = 'md4' | 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512' | 'sha512_224' | 'sha512_256' | 'ripemd160';

interface AlgorithmSpec {
  /** OpenSSL's name for it. */
  readonly openssl: string;
  /** Block size in bytes, for HMAC. */
  readonly blockSize: number;
  readonly fallback?: () => IncrementalHash;
}

const ALGORITHMS: Readonly<Record<HashAlgorithm, AlgorithmSpec>> = {
  md4: { openssl: 'md4', blockSize: 64, fallback: createMd4 },
  md5: { openssl: 'md5', blockSize: 64 },
  sha1: { openssl: 'sha1', blockSize: 64 },
  sha256: { openssl: 'sha256', blockSize: 64 },
  sha384: { openssl: 'sha384', blockSize: 128 },
  sha512: { openssl: 'sha512', blockSize: 128 },
  sha512_224: { openssl: 'sha512-224', blockSize: 128 },
  sha512_256: { openssl: 'sha512-256', blockSize: 128 },
  ripemd160: { openssl: 'ripemd160', blockSize: 64, fallback: createRipemd160 },
};

export function isHashAlgorithm(name: unknown): name is HashAlgorithm {
  return typeof name === 'string' && Object.hasOwn(ALGORITHMS, name);
}

class NodeHash implements IncrementalHash {
  constructor(private readonly hash: Hash) {}

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  digest(): Uint8Array {
    return this.hash.copy().digest();
  }

  copy(): IncrementalHash {
    return new NodeHash(this.hash.copy());
  }
}

/** Whether OpenSSL provides each algorithm, probed once per thread. */
const nodeSupport = new Map<HashAlgorithm, boolean>();

function nodeSupports(algorithm: HashAlgorithm): boolean {
  let supported = nodeSupport.get(algorithm);
  if (supported === undefined) {
    try {
      createHash(ALGORITHMS[algorithm].openssl);
      supported = true;
    } catch {
      supported = false;
    }
    nodeSupport.set(algorithm, supported);
  }
  return supported;
}

/** A new hash of `algorithm`: Node's when OpenSSL has it, else the TypeScript fallback. */
export function newHash(algorithm: HashAlgorithm, forceFallback = false): IncrementalHash {
  const spec = ALGORITHMS[algorithm];
  if (spec.fallback !== undefined && (forceFallback || !nodeSupports(algorithm))) return spec.fallback();
  return new NodeHash(createHash(spec.openssl));
}

class Hmac implements IncrementalHash {
  constructor(
    private readonly inner: IncrementalHash,
    /** A hash already fed with the outer padded key. */
    private readonly outer: IncrementalHash,
  ) {}

  update(data: Uint8Array): void {
    this.inner.update(data);
  }

  digest(): Uint8Array {
    const outer = this.outer.copy();
    outer.update(this.inner.digest());
    return outer.digest();
  }

  copy(): IncrementalHash {
    return new Hmac(this.inner.copy(), this.outer.copy());
  }
}

/** HMAC (RFC 2104) of `algorithm` with `key`. */
export function newHmac(algorithm: HashAlgorithm, key: Uint8Array): IncrementalHash {
  const { blockSize } = ALGORITHMS[algorithm];
  let block = key;
  if (block.length > blockSize) {
    const hashed = newHash(algorithm);
    hashed.update(block);
    block = hashed.digest();
  }
  const innerPad = new Uint8Array(blockSize).fill(0x36);
  const outerPad = new Uint8Array(blockSize).fill(0x5c);
  block.forEach((byte, i) => {
    innerPad[i] = byte ^ 0x36;
    outerPad[i] = byte ^ 0x5c;
  });
  const inner = newHash(algorithm);
  inner.update(innerPad);
  const outer = newHash(algorithm);
  outer.update(outerPad);
  return new Hmac(inner, outer);
}

/** k6's output encodings (Hasher.Digest); `binary` is raw bytes. */
export type OutputEncoding = 'hex' | 'base64' | 'base64url' | 'base64rawurl' | 'binary';

export function isOutputEncoding(name: unknown): name is OutputEncoding {
  return name === 'hex' || name === 'base64' || name === 'base64url' || name === 'base64rawurl' || name === 'binary';
}

/** Encodes a digest as k6 does: Go's hex and base64 variants (base64url is padded). */
export function encodeDigest(sum: Uint8Array, encoding: Exclude<OutputEncoding, 'binary'>): string {
  const buffer = Buffer.from(sum.buffer, sum.byteOffset, sum.byteLength);
  switch (encoding) {
    case 'hex':
      return buffer.toString('hex');
    case 'base64':
      return buffer.toString('base64');
    case 'base64rawurl':
      return buffer.toString('base64url');
    case 'base64url': {
      const raw = buffer.toString('base64url');
      return raw + '='.repeat((4 - (raw.length % 4)) % 4);
    }
  }
}
