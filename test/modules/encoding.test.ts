// k6/encoding through the real CLI: k6's own test vectors (internal/js/modules/k6/encoding), RFC 4648,
// binary input and output, and k6's errors.
import { describe, expect, it } from 'vitest';
import { reported } from '../cli/helpers/log-lines.js';
import { runInline } from '../helpers/run-cli.js';

const script = `
import encoding, { b64encode, b64decode } from 'k6/encoding';
export const options = { iterations: 1 };
function error(fn) {
  try { fn(); return 'no error'; } catch (e) { return e.name + ': ' + e.message; }
}
const rfc = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'];
export default function () {
  const out = {};
  for (const enc of ['std', 'rawstd', 'url', 'rawurl']) {
    out[enc] = rfc.map((s) => b64encode(s, enc));
    out[enc + '-back'] = out[enc].map((s) => b64decode(s, enc, 's'));
  }
  out.k6 = [
    b64encode('hello world'),
    b64encode('こんにちは世界', 'std'),
    b64encode('hello world', 'rawstd'),
    b64encode('小飼弾..', 'url'),
    b64encode('小飼弾..', 'rawurl'),
    b64decode('5bCP6aO85by-Li4=', 'url', 's'),
    b64decode('5bCP6aO85by-Li4', 'rawurl', 's'),
    b64decode('aGVsbG8gd29ybGQ', 'rawstd', 's'),
    decodeURIComponent(escape(String.fromCharCode.apply(null, new Uint8Array(b64decode('44GT44KT44Gr44Gh44Gv5LiW55WM'))))),
  ];
  const binary = b64decode('+/8=');
  out.binary = [binary instanceof ArrayBuffer, Array.from(new Uint8Array(binary))];
  out.bufferInput = [
    b64encode(new Uint8Array([104, 101, 108, 108, 111]).buffer),
    b64encode(new Uint8Array([0, 1, 2, 104, 105]).subarray(3)),
    b64encode(new Uint8Array([0xfb, 0xff]).buffer, 'url'),
    b64encode(new Uint8Array([0xfb, 0xff]).buffer, 'rawurl'),
  ];
  out.defaults = [b64encode('foob', 'nonsense'), b64decode('Zm9vYg==', 'nonsense', 's'), b64decode(''), b64decode('Zm9v\\nYmFy', 'std', 's')];
  out.defaultExport = encoding.b64encode === b64encode && encoding.b64decode === b64decode;
  out.errors = [
    error(() => b64decode('Zm9v!')),
    error(() => b64decode('Zg')),
    error(() => b64decode('Zg=')),
    error(() => b64decode('Zg==', 'rawstd')),
    error(() => b64decode('-_8=', 'std')),
    error(() => b64decode(new ArrayBuffer(1))),
    error(() => b64encode(42)),
    error(() => b64encode(1.5)),
    error(() => b64encode()),
    error(() => b64encode({})),
    error(() => b64encode([1])),
  ];
  console.log('RESULT', JSON.stringify(out));
  b64decode('***'); // uncaught: ends the iteration with k6's GoError
}
`;

describe('k6/encoding', () => {
  it('matches k6 and RFC 4648 in every encoding, with k6\'s errors', async () => {
    const result = await runInline({ 'script.js': script }, ['-q']);
    expect(result.exitCode, result.stderr).toBe(0);
    // An uncaught error shows as k6 shows it, with the script's frame, and ends the iteration only.
    expect(result.stderr).toContain('GoError: illegal base64 data at input byte 0');
    expect(result.stderr).toMatch(/at default \(file:\/\/.*script\.js:\d+:\d+\)/);
    const [out] = reported<Record<string, unknown>>(result.stderr, 'RESULT');
    const padded = ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy'];
    const raw = padded.map((s) => s.replace(/=+$/, ''));
    const plain = ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'];
    expect(out).toMatchObject({
      std: padded,
      url: padded,
      rawstd: raw,
      rawurl: raw,
      'std-back': plain,
      'rawstd-back': plain,
      'url-back': plain,
      'rawurl-back': plain,
    });
    expect(out?.k6).toEqual([
      'aGVsbG8gd29ybGQ=',
      '44GT44KT44Gr44Gh44Gv5LiW55WM',
      'aGVsbG8gd29ybGQ',
      '5bCP6aO85by-Li4=',
      '5bCP6aO85by-Li4',
      '小飼弾..',
      '小飼弾..',
      'hello world',
      'こんにちは世界',
    ]);
    expect(out?.binary).toEqual([true, [0xfb, 0xff]]);
    expect(out?.bufferInput).toEqual(['aGVsbG8=', 'aGk=', '-_8=', '-_8']);
    expect(out?.defaults).toEqual(['Zm9vYg==', 'foob', {}, 'foobar']);
    expect(out?.defaultExport).toBe(true);
    expect(out?.errors).toEqual([
      'GoError: illegal base64 data at input byte 4',
      'GoError: illegal base64 data at input byte 0',
      'GoError: illegal base64 data at input byte 3',
      'GoError: illegal base64 data at input byte 2',
      'GoError: illegal base64 data at input byte 0',
      'GoError: illegal base64 data at input byte 0',
      'GoError: invalid type int64, expected string, []byte or ArrayBuffer',
      'GoError: invalid type float64, expected string, []byte or ArrayBuffer',
      'GoError: invalid type <nil>, expected string, []byte or ArrayBuffer',
      'GoError: invalid type map[string]interface {}, expected string, []byte or ArrayBuffer',
      'GoError: invalid type []interface {}, expected string, []byte or ArrayBuffer',
    ]);
  });
});
