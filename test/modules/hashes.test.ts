import { createHash, createHmac, getHashes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeDigest, newHash, newHmac, type HashAlgorithm } from '../../src/modules/crypto/hashers.js';
import { createMd4, createRipemd160 } from '../../src/modules/crypto/legacy-hashes.js';

const hex = (data: Uint8Array): string => Buffer.from(data).toString('hex');
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

function digestHex(create: () => { update(d: Uint8Array): void; digest(): Uint8Array }, input: string | Uint8Array): string {
  const hash = create();
  hash.update(typeof input === 'string' ? utf8(input) : input);
  return hex(hash.digest());
}

describe('MD4 in TypeScript (RFC 1320 test suite)', () => {
  it.each([
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    ['1234567890'.repeat(8), 'e33b4ddc9c38f2199c3e7b164fcc0536'],
    ['hello world', 'aa010fbc1d14c795d86ef98c95479d17'],
  ])('md4(%j) = %s', (input, expected) => {
    expect(digestHex(createMd4, input)).toBe(expected);
  });
});

describe('RIPEMD-160 in TypeScript (the RIPEMD-160 paper\'s test vectors)', () => {
  it.each([
    ['', '9c1185a5c5e9fc54612808977ee8f548b2258d31'],
    ['a', '0bdc9d2d256b3ee9daae347be6f4dc835a467ffe'],
    ['abc', '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
    ['message digest', '5d0689ef49d2fae572b881b123a85ffa21595f36'],
    ['abcdefghijklmnopqrstuvwxyz', 'f71c27109c692c1b56bbdceb5b9d2865b3708dbc'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '12a053384a9c0c88e405a06c27dcf49ada62eb2b'],
    ['1234567890'.repeat(8), '9b752e45573d4b39f4dbd3323cab82bf63326bfb'],
    ['hello world', '98c615784ccb5fe5936fbc0cbe9dfdb408d92f0f'],
  ])('ripemd160(%j) = %s', (input, expected) => {
    expect(digestHex(createRipemd160, input)).toBe(expected);
  });

  it('matches OpenSSL on inputs of every length around the block boundaries', () => {
    if (!getHashes().includes('ripemd160')) return;
    for (let length = 0; length < 300; length += 1) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(digestHex(createRipemd160, data)).toBe(createHash('ripemd160').update(data).digest('hex'));
    }
  });

  it('hashes a million "a"s fed in uneven pieces', () => {
    const hash = createRipemd160();
    const md4 = createMd4();
    const chunk = utf8('a'.repeat(999));
    let fed = 0;
    while (fed < 1_000_000) {
      const piece = chunk.subarray(0, Math.min(chunk.length, 1_000_000 - fed));
      hash.update(piece);
      md4.update(piece);
      fed += piece.length;
    }
    expect(hex(hash.digest())).toBe('52783243c1697bdbe16d37f97f68f08325dc1528');
    expect(hex(md4.digest())).toBe('bbce80cc6bb65e5c6745e30d4eeca9a4');
  });
});

const ALGORITHMS: HashAlgorithm[] = ['md4', 'md5', 'sha1', 'sha256', 'sha384', 'sha512', 'sha512_224', 'sha512_256', 'ripemd160'];
const OPENSSL: Partial<Record<HashAlgorithm, string>> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
  ripemd160: 'ripemd160',
};

describe('k6/crypto hashers', () => {
  it('digest does not end the hash: digest, update more, digest again (Go hash.Sum)', () => {
    for (const algorithm of ALGORITHMS) {
      const hash = newHash(algorithm);
      hash.update(utf8('hello'));
      const first = hex(hash.digest());
      expect(hex(hash.digest())).toBe(first);
      hash.update(utf8(' world'));
      expect(hex(hash.digest())).toBe(digestHex(() => newHash(algorithm), 'hello world'));
    }
  });

  it('falls back to the TypeScript MD4 and RIPEMD-160 with the same results', () => {
    for (const algorithm of ['md4', 'ripemd160'] as const) {
      expect(digestHex(() => newHash(algorithm, true), 'hello world')).toBe(digestHex(() => newHash(algorithm), 'hello world'));
    }
  });

  /** k6's own HMAC vectors (internal/js/modules/k6/crypto/crypto_test.go TestHMac). */
  it.each<[HashAlgorithm, string]>([
    ['md4', '92d8f5c302cf04cca0144d7a9feb1596'],
    ['md5', 'e04f2ec05c8b12e19e46936b171c9d03'],
    ['sha1', 'c113b62711ff5d8e8100bbb17b998591af81dc24'],
    ['sha256', '7fd04df92f636fd450bc841c9418e5825c17f33ad9c87c518115a45971f7f77e'],
    ['sha384', 'd331e169e2dcfc742e80a3bf4dcc76d0e6425ab3777a3ac217ac6b2552aad5529ed4d40135b06e53a495ac7425d1e462'],
    ['sha512_224', 'bac4e6256bdbf81d029aec48af4fdd4b14001db6721f07c429a80817'],
    ['sha512_256', 'e3d0763ba92a4f40676c3d5b234d9842b71951e6e0767082cfb3f5e14c124b22'],
    ['sha512', 'cd3146f96a3005024108ff56b025517552435589a4c218411f165da0a368b6f47228b20a1a4bf081e4aae6f07e2790f27194fc77f0addc890e98ce1951cacc9f'],
    ['ripemd160', '00bb4ce0d6afd4c7424c9d01b8a6caa3e749b08b'],
  ])('HMAC-%s matches k6\'s vector', (algorithm, expected) => {
    expect(digestHex(() => newHmac(algorithm, utf8('a secret')), 'some data to hash')).toBe(expected);
  });

  it('HMAC matches OpenSSL for keys shorter than, equal to and longer than the block', () => {
    for (const algorithm of ALGORITHMS) {
      const name = OPENSSL[algorithm];
      if (name === undefined || !getHashes().includes(name)) continue;
      for (const keyLength of [0, 1, 20, 63, 64, 65, 127, 128, 129, 200]) {
        const key = Uint8Array.from({ length: keyLength }, (_, i) => (i * 7 + 3) & 0xff);
        const expected = createHmac(name, key).update('The quick brown fox').digest('hex');
        expect(digestHex(() => newHmac(algorithm, key), 'The quick brown fox'), `${algorithm} key ${keyLength}`).toBe(expected);
      }
    }
  });

  it('encodes digests as Go does: hex, std base64, padded url base64, raw url base64', () => {
    const sum = Buffer.from('5eb63bbbe01eeed093cb22bb8f5acdc3', 'hex');
    expect(encodeDigest(sum, 'hex')).toBe('5eb63bbbe01eeed093cb22bb8f5acdc3');
    expect(encodeDigest(sum, 'base64')).toBe('XrY7u+Ae7tCTyyK7j1rNww==');
    expect(encodeDigest(sum, 'base64url')).toBe('XrY7u-Ae7tCTyyK7j1rNww==');
    expect(encodeDigest(sum, 'base64rawurl')).toBe('XrY7u-Ae7tCTyyK7j1rNww');
  });
});
