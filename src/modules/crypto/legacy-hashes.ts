/**
 * MD4 (RFC 1320) and RIPEMD-160 in plain TypeScript, for `k6/crypto` where Node's OpenSSL 3 does
 * not provide them (MD4 lives in OpenSSL's legacy provider; some builds also drop RIPEMD-160).
 * Both are 64-byte-block Merkle–Damgård hashes with little-endian words and length, so they share
 * the buffering and padding here and differ only in their compression function. Speed is not a
 * goal: these algorithms are in k6 for compatibility only.
 */

/** An incremental hash whose digest does not end it (like Go's hash.Hash `Sum`). */
export interface IncrementalHash {
  update(data: Uint8Array): void;
  /** The digest of everything written so far; the hash can still be updated afterwards. */
  digest(): Uint8Array;
  copy(): IncrementalHash;
}

type Compress = (state: Uint32Array, words: Uint32Array) => void;

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

class LittleEndianMdHash implements IncrementalHash {
  private readonly block = new Uint8Array(64);
  private readonly words = new Uint32Array(16);
  private buffered = 0;
  private length = 0;

  constructor(
    private readonly state: Uint32Array,
    private readonly compress: Compress,
  ) {}

  update(data: Uint8Array): void {
    this.length += data.length;
    let offset = 0;
    while (offset < data.length) {
      const take = Math.min(64 - this.buffered, data.length - offset);
      this.block.set(data.subarray(offset, offset + take), this.buffered);
      this.buffered += take;
      offset += take;
      if (this.buffered === 64) {
        this.process();
        this.buffered = 0;
      }
    }
  }

  digest(): Uint8Array {
    const clone = this.copyInto();
    const bits = clone.length * 8;
    const padLength = clone.buffered < 56 ? 56 - clone.buffered : 120 - clone.buffered;
    const padding = new Uint8Array(padLength + 8);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    view.setUint32(padLength, bits >>> 0, true);
    view.setUint32(padLength + 4, Math.floor(bits / 0x100000000), true);
    clone.update(padding);
    const out = new Uint8Array(clone.state.length * 4);
    const outView = new DataView(out.buffer);
    clone.state.forEach((word, i) => outView.setUint32(i * 4, word, true));
    return out;
  }

  copy(): IncrementalHash {
    return this.copyInto();
  }

  private copyInto(): LittleEndianMdHash {
    const clone = new LittleEndianMdHash(this.state.slice(), this.compress);
    clone.block.set(this.block);
    clone.buffered = this.buffered;
    clone.length = this.length;
    return clone;
  }

  private process(): void {
    const { block, words } = this;
    for (let i = 0; i < 16; i += 1) {
      const j = i * 4;
      words[i] = (block[j] as number) | ((block[j + 1] as number) << 8) | ((block[j + 2] as number) << 16) | ((block[j + 3] as number) << 24);
    }
    this.compress(this.state, words);
  }
}

// --- MD4 (RFC 1320) ------------------------------------------------------------------------------
const MD4_ORDER = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15],
  [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15],
] as const;
const MD4_SHIFTS = [
  [3, 7, 11, 19],
  [3, 5, 9, 13],
  [3, 9, 11, 15],
] as const;
const MD4_CONSTANTS = [0, 0x5a827999, 0x6ed9eba1] as const;
const MD4_ROUNDS = [
  (x: number, y: number, z: number) => (x & y) | (~x & z),
  (x: number, y: number, z: number) => (x & y) | (x & z) | (y & z),
  (x: number, y: number, z: number) => x ^ y ^ z,
] as const;

function md4Compress(state: Uint32Array, x: Uint32Array): void {
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  for (let round = 0; round < 3; round += 1) {
    const f = MD4_ROUNDS[round as 0 | 1 | 2];
    const order = MD4_ORDER[round as 0 | 1 | 2];
    const shifts = MD4_SHIFTS[round as 0 | 1 | 2];
    const k = MD4_CONSTANTS[round as 0 | 1 | 2];
    for (let i = 0; i < 16; i += 1) {
      const t = rotl((a + f(b, c, d) + (x[order[i] as number] as number) + k) | 0, shifts[i % 4] as number);
      a = d;
      d = c;
      c = b;
      b = t;
    }
  }
  state[0] = (state[0] as number) + a;
  state[1] = (state[1] as number) + b;
  state[2] = (state[2] as number) + c;
  state[3] = (state[3] as number) + d;
}

export function createMd4(): IncrementalHash {
  return new LittleEndianMdHash(Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476), md4Compress);
}

// --- RIPEMD-160 ----------------------------------------------------------------------------------
// prettier-ignore
const RMD_ZL = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
  3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12, 1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
  4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
];
// prettier-ignore
const RMD_ZR = [
  5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12, 6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
  15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13, 8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
  12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
];
// prettier-ignore
const RMD_SL = [
  11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8, 7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
  11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5, 11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
  9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
];
// prettier-ignore
const RMD_SR = [
  8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6, 9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
  9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5, 15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
  8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
];
const RMD_KL = [0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e];
const RMD_KR = [0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000];

function rmdF(j: number, x: number, y: number, z: number): number {
  if (j < 16) return x ^ y ^ z;
  if (j < 32) return (x & y) | (~x & z);
  if (j < 48) return (x | ~y) ^ z;
  if (j < 64) return (x & z) | (y & ~z);
  return x ^ (y | ~z);
}

function ripemd160Compress(state: Uint32Array, x: Uint32Array): void {
  let al = state[0] as number;
  let bl = state[1] as number;
  let cl = state[2] as number;
  let dl = state[3] as number;
  let el = state[4] as number;
  let ar = al;
  let br = bl;
  let cr = cl;
  let dr = dl;
  let er = el;
  for (let j = 0; j < 80; j += 1) {
    const round = j >> 4;
    let t = (rotl((al + rmdF(j, bl, cl, dl) + (x[RMD_ZL[j] as number] as number) + (RMD_KL[round] as number)) | 0, RMD_SL[j] as number) + el) | 0;
    al = el;
    el = dl;
    dl = rotl(cl, 10);
    cl = bl;
    bl = t;
    t = (rotl((ar + rmdF(79 - j, br, cr, dr) + (x[RMD_ZR[j] as number] as number) + (RMD_KR[round] as number)) | 0, RMD_SR[j] as number) + er) | 0;
    ar = er;
    er = dr;
    dr = rotl(cr, 10);
    cr = br;
    br = t;
  }
  const t = ((state[1] as number) + cl + dr) | 0;
  state[1] = (state[2] as number) + dl + er;
  state[2] = (state[3] as number) + el + ar;
  state[3] = (state[4] as number) + al + br;
  state[4] = (state[0] as number) + bl + cr;
  state[0] = t;
}

export function createRipemd160(): IncrementalHash {
  return new LittleEndianMdHash(Uint32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0), ripemd160Compress);
}
