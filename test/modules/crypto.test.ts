// k6/crypto through the real CLI: every algorithm in every output encoding against standard
// vectors, k6's HMAC vectors and RFC 4231, streaming hashers, AWS SigV4 key derivation (k6's
// TestAWSv4), random bytes and k6's errors.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { reported } from '../cli/helpers/log-lines.js';
import { runInline } from '../helpers/run-cli.js';

/** Digests of "hello world" (k6's crypto_test.go) and of "abc" (FIPS 180 / RFC 1320 / RIPEMD-160 paper). */
const VECTORS: Record<string, [string, string]> = {
  md4: ['aa010fbc1d14c795d86ef98c95479d17', 'a448017aaf21d8525fc10ae87aa6729d'],
  md5: ['5eb63bbbe01eeed093cb22bb8f5acdc3', '900150983cd24fb0d6963f7d28e17f72'],
  sha1: ['2aae6c35c94fcfb415dbe95f408b9ce91ee846ed', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  sha256: ['b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  sha384: [
    'fdbd8e75a67f29f701a4e040385e2e23986303ea10239211af907fcbb83578b3e417cb71ce646efd0819dd8c088de1bd',
    'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
  ],
  sha512: [
    '309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f',
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  ],
  sha512_224: ['22e0d52336f64a998085078b05a6e37b26f8120f43bf4db4c43a64ee', '4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa'],
  sha512_256: ['0ac561fac838104e3f2e4ad107b4bee3e938bf15f2b15f009ccccd61a913f017', '53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23'],
  ripemd160: ['98c615784ccb5fe5936fbc0cbe9dfdb408d92f0f', '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
};

/** k6's TestHMac vectors: key "a secret", data "some data to hash". */
const K6_HMAC: Record<string, string> = {
  md4: '92d8f5c302cf04cca0144d7a9feb1596',
  md5: 'e04f2ec05c8b12e19e46936b171c9d03',
  sha1: 'c113b62711ff5d8e8100bbb17b998591af81dc24',
  sha256: '7fd04df92f636fd450bc841c9418e5825c17f33ad9c87c518115a45971f7f77e',
  sha384: 'd331e169e2dcfc742e80a3bf4dcc76d0e6425ab3777a3ac217ac6b2552aad5529ed4d40135b06e53a495ac7425d1e462',
  sha512_224: 'bac4e6256bdbf81d029aec48af4fdd4b14001db6721f07c429a80817',
  sha512_256: 'e3d0763ba92a4f40676c3d5b234d9842b71951e6e0767082cfb3f5e14c124b22',
  sha512: 'cd3146f96a3005024108ff56b025517552435589a4c218411f165da0a368b6f47228b20a1a4bf081e4aae6f07e2790f27194fc77f0addc890e98ce1951cacc9f',
  ripemd160: '00bb4ce0d6afd4c7424c9d01b8a6caa3e749b08b',
};

/** RFC 4231 test cases 1, 2, 3, 6 and 7 (key and data as hex). */
const RFC4231: Array<[string, string]> = [
  ['0b'.repeat(20), Buffer.from('Hi There').toString('hex')],
  [Buffer.from('Jefe').toString('hex'), Buffer.from('what do ya want for nothing?').toString('hex')],
  ['aa'.repeat(20), 'dd'.repeat(50)],
  ['aa'.repeat(131), Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First').toString('hex')],
  [
    'aa'.repeat(131),
    Buffer.from('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.').toString('hex'),
  ],
];

const script = `
import crypto, { createHash, createHMAC, hmac, hexEncode, randomBytes } from 'k6/crypto';
export const options = { iterations: 1 };
const ALGS = ${JSON.stringify(Object.keys(VECTORS))};
const RFC4231 = ${JSON.stringify(RFC4231)};
function hex(text) { const b = new Uint8Array(text.length / 2); for (let i = 0; i < b.length; i++) b[i] = parseInt(text.substr(i * 2, 2), 16); return b.buffer; }
function error(fn) { try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; } }
export default function () {
  const out = { digests: {}, hmac: {}, rfc4231: {} };
  for (const alg of ALGS) {
    const helloBuffer = new Uint8Array([104, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100]).buffer;
    out.digests[alg] = {
      hex: crypto[alg]('hello world', 'hex'),
      base64: crypto[alg]('hello world', 'base64'),
      base64url: crypto[alg]('hello world', 'base64url'),
      base64rawurl: crypto[alg]('hello world', 'base64rawurl'),
      binary: Array.from(new Uint8Array(crypto[alg](helloBuffer, 'binary'))),
      abc: crypto[alg]('abc', 'hex'),
      streamed: createHash(alg).update('ab').update(new Uint8Array([99]).buffer).digest('hex'),
    };
    out.hmac[alg] = [
      hmac(alg, 'a secret', 'some data to hash', 'hex'),
      createHMAC(alg, 'a secret').update('some data ').update('to hash').digest('hex'),
      hmac(alg, hex('6120736563726574'), new Uint8Array([115,111,109,101,32,100,97,116,97,32,116,111,32,104,97,115,104]).buffer, 'hex'),
    ];
    out.rfc4231[alg] = RFC4231.map(([key, data]) => hmac(alg, hex(key), hex(data), 'hex'));
  }
  const h = createHash('md5');
  h.update('hello');
  const first = h.digest('hex');
  const again = h.digest('hex');
  h.update(' world');
  const big = createHash('sha256');
  const chunk = 'x'.repeat(50000);
  for (let i = 0; i < 4; i++) big.update(chunk);
  const bigFirst = big.digest('hex');
  big.update('tail');
  out.streaming = [first, again, h.digest('hex'), h.update('!') === h, bigFirst, big.digest('hex'), crypto.sha256(chunk.repeat(4) + 'tail', 'hex')];
  const kDate = hmac('sha256', 'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'binary');
  const kRegion = hmac('sha256', kDate, 'us-east-1', 'binary');
  const kService = hmac('sha256', kRegion, 'iam', 'binary');
  const kSigning = hmac('sha256', kService, 'aws4_request', 'binary');
  out.aws = [hexEncode(kDate), hexEncode(kRegion), hexEncode(kService), hexEncode(kSigning)];
  const r = randomBytes(16);
  out.random = [r instanceof ArrayBuffer, r.byteLength, randomBytes('3').byteLength, hexEncode(randomBytes(32)) !== hexEncode(randomBytes(32))];
  out.hexEncode = [hexEncode('hello'), hexEncode(new Uint8Array([104, 101, 108, 108, 111]).buffer), hexEncode('é')];
  out.errors = [
    error(() => createHMAC('md6', 'a secret')),
    error(() => hmac('sha526', 'a secret', 'x', 'hex')),
    error(() => createHash('sha348')),
    error(() => createHash('md5').update('x').digest('someInvalidEncoding')),
    error(() => crypto.md5('x')),
    error(() => crypto.sha1(42, 'hex')),
    error(() => hmac('sha256', null, 'x', 'hex')),
    error(() => hmac('sha256', 'k', {}, 'hex')),
    error(() => randomBytes(0)),
    error(() => randomBytes(-1)),
    error(() => hexEncode(7)),
  ];
  console.log('RESULT', JSON.stringify(out));
}
`;

function encodings(hex: string): Record<string, unknown> {
  const bytes = Buffer.from(hex, 'hex');
  const rawUrl = bytes.toString('base64url');
  return {
    hex,
    base64: bytes.toString('base64'),
    base64url: rawUrl + '='.repeat((4 - (rawUrl.length % 4)) % 4),
    base64rawurl: rawUrl,
    binary: [...bytes],
  };
}

interface CryptoResult {
  digests: Record<string, Record<string, unknown>>;
  hmac: Record<string, string[]>;
  rfc4231: Record<string, string[]>;
  streaming: unknown[];
  aws: string[];
  random: unknown[];
  hexEncode: string[];
  errors: string[];
}

describe('k6/crypto', () => {
  it('hashes, HMACs, streams, encodes and fails like k6', async () => {
    const result = await runInline({ 'script.js': script }, ['-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    const [out] = reported<CryptoResult>(result.stderr, 'RESULT');
    if (out === undefined) throw new Error(`no result:\n${result.stderr}`);

    for (const [alg, [helloWorld, abc]] of Object.entries(VECTORS)) {
      expect(out.digests[alg], alg).toEqual({ ...encodings(helloWorld), abc, streamed: abc });
      expect(out.hmac[alg], alg).toEqual([K6_HMAC[alg], K6_HMAC[alg], K6_HMAC[alg]]);
    }
    // RFC 4231 publishes SHA-2 results; OpenSSL computes the same cases for the rest (md4 aside).
    const openssl: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512', sha512_224: 'sha512-224', sha512_256: 'sha512-256', ripemd160: 'ripemd160' };
    expect(out.rfc4231.sha256?.[0]).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(out.rfc4231.sha512?.[1]).toBe('164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737');
    for (const [alg, name] of Object.entries(openssl)) {
      const expected = RFC4231.map(([key, data]) => createHmac(name, Buffer.from(key, 'hex')).update(Buffer.from(data, 'hex')).digest('hex'));
      expect(out.rfc4231[alg], alg).toEqual(expected);
    }

    const [first, again, full, chained, bigFirst, bigFull, bigExpected] = out.streaming;
    expect([first, again, full, chained]).toEqual(['5d41402abc4b2a76b9719d911017c592', '5d41402abc4b2a76b9719d911017c592', VECTORS.md5?.[0], true]);
    expect(bigFull).toBe(bigExpected);
    expect(bigFirst).not.toBe(bigFull);
    expect(out.aws).toEqual([
      '969fbb94feb542b71ede6f87fe4d5fa29c789342b0f407474670f0c2489e0a0d',
      '69daa0209cd9c5ff5c8ced464a696fd4252e981430b10e3d3fd8e2f197d7a70c',
      'f72cfd46f26bc4643f06a11eabb6c0ba18780c19a8da0c31ace671265e3c87fa',
      'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    ]);
    expect(out.random).toEqual([true, 16, 3, true]);
    expect(out.hexEncode).toEqual(['68656c6c6f', '68656c6c6f', 'c3a9']);
    expect(out.errors).toEqual([
      'GoError: invalid algorithm: md6',
      'GoError: invalid algorithm: sha526',
      'GoError: invalid algorithm: sha348',
      'GoError: invalid output encoding: someInvalidEncoding',
      'GoError: invalid output encoding: ',
      'GoError: sha1 failed: invalid type int64, expected string, []byte or ArrayBuffer',
      'GoError: invalid type <nil>, expected string, []byte or ArrayBuffer',
      'GoError: invalid type map[string]interface {}, expected string, []byte or ArrayBuffer',
      'GoError: invalid size',
      'GoError: invalid size',
      'GoError: invalid type int64, expected string, []byte or ArrayBuffer',
    ]);
  });
});
