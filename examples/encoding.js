// k6/encoding: base64 in Go's four flavours (std, rawstd, url, rawurl), text or binary in and out.
// A typical use is an HTTP Basic or a JWT-style header; this example needs no server.
// Run: qk6 run examples/encoding.js
import { check } from 'k6';
import encoding from 'k6/encoding';

export const options = {
  iterations: 1,
  thresholds: { checks: ['rate==1'] },
};

export default function () {
  const credentials = 'alice:wonderland';
  const header = `Basic ${encoding.b64encode(credentials)}`;

  // The JWT header segment is base64url without padding ("rawurl").
  const jwtHeader = encoding.b64encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'rawurl');

  // Binary in, binary out: b64decode returns an ArrayBuffer unless the format is "s".
  const bytes = new Uint8Array([0xfb, 0xff, 0x00, 0x10]).buffer;
  const urlSafe = encoding.b64encode(bytes, 'url');
  const decoded = new Uint8Array(encoding.b64decode(urlSafe, 'url'));

  check(null, {
    'Basic auth header': () => header === 'Basic YWxpY2U6d29uZGVybGFuZA==',
    'text round trip with "s"': () => encoding.b64decode(header.slice(6), 'std', 's') === credentials,
    'rawurl has no padding': () => jwtHeader === 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
    'url alphabet uses - and _': () => urlSafe === '-_8AEA==',
    'binary round trip': () => decoded.length === 4 && decoded[0] === 0xfb && decoded[3] === 0x10,
    'UTF-8 text': () => encoding.b64encode('こんにちは') === '44GT44KT44Gr44Gh44Gv',
  });

  // Invalid input throws, with Go's message.
  try {
    encoding.b64decode('not base64!');
  } catch (error) {
    check(error, { 'bad input throws a GoError': (e) => e.name === 'GoError' && e.message === 'illegal base64 data at input byte 3' });
  }
}
