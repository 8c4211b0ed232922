// k6/crypto: hashes (md4 … sha512_256, ripemd160) in hex/base64/base64url/base64rawurl/binary,
// HMAC signatures, streaming hashers and random bytes. Here an HMAC-signed request is prepared the
// way an API gateway would check it; this example needs no server.
// Run: qk6 run examples/crypto.js
import { check } from 'k6';
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';

export const options = {
  iterations: 1,
  thresholds: { checks: ['rate==1'] },
};

const SECRET = 'a secret';

export default function () {
  const body = JSON.stringify({ item: 42, quantity: 1 });
  const timestamp = '2024-01-01T00:00:00Z';
  const signature = crypto.hmac('sha256', SECRET, `${timestamp}\n${body}`, 'hex');

  // A streaming hasher gives the same digest, and can be read as often as needed.
  const hasher = crypto.createHMAC('sha256', SECRET);
  hasher.update(`${timestamp}\n`);
  hasher.update(body);

  // AWS Signature V4 derives its key with chained binary HMACs.
  const kDate = crypto.hmac('sha256', 'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20120215', 'binary');
  const kSigning = ['us-east-1', 'iam', 'aws4_request'].reduce((key, part) => crypto.hmac('sha256', key, part, 'binary'), kDate);

  const nonce = crypto.randomBytes(16);

  check(null, {
    'md5 hex': () => crypto.md5('hello world', 'hex') === '5eb63bbbe01eeed093cb22bb8f5acdc3',
    'sha256 base64': () => crypto.sha256('hello world', 'base64') === 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=',
    'md4 and ripemd160 work': () =>
      crypto.md4('abc', 'hex') === 'a448017aaf21d8525fc10ae87aa6729d' && crypto.ripemd160('abc', 'hex') === '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc',
    'streaming HMAC = one-shot HMAC': () => hasher.digest('hex') === signature && hasher.digest('hex') === signature,
    'binary digests are ArrayBuffers': () => crypto.sha1('x', 'binary').byteLength === 20,
    'AWS SigV4 signing key': () => crypto.hexEncode(kSigning) === 'f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d',
    'random bytes': () => nonce.byteLength === 16 && encoding.b64encode(nonce).length === 24,
  });
}
