// http.file() and multipart/form-data bodies through the real CLI: a local server receives them and
// parses them with the WHATWG multipart parser (Response.formData) and by their exact bytes, laid
// out like Go's mime/multipart Writer (k6 js/modules/k6/http/request.go handleObjectBody).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeInlineFiles, type CliResult } from '../helpers/run-cli.js';
import { startServer, type RecordedRequest, type TestServer } from '../helpers/target-server.js';
import { explain } from '../cli/helpers/cli-test-kit.js';
import { consoleMessages } from '../cli/helpers/log-lines.js';

/** Each request carries `X-Case: <name>`; the script logs `<name> <json>` for what it observed. */
const SCRIPT = `
import http from 'k6/http';

const B = __ENV.TARGET;
const bin = open('./data/bytes.bin', 'b');
const c = (name, extra) => ({ headers: Object.assign({ 'X-Case': name }, extra) });
const report = (name, value) => console.log(name + ' ' + JSON.stringify(value));
const attempt = (fn) => { try { fn(); return null; } catch (e) { return e.name + ': ' + e.message; } };

export const options = { iterations: 1 };

export default function () {
  const photo = http.file(bin, 'bytes.bin');
  report('filedata', {
    keys: Object.keys(photo), filename: photo.filename, type: photo.content_type, same: photo.data === bin,
    unnamed: http.file('x').filename, unnamedType: http.file('x').content_type,
    explicitUndefined: [http.file('x', undefined).filename, http.file('x', 'a', null).content_type],
    errors: [attempt(() => http.file(new Uint8Array(3))), attempt(() => http.file(42)), attempt(() => http.file())],
  });

  const binary = http.post(B, { title: 'holiday', count: 3, photo }, c('binary'));
  report('binary', { status: binary.status, sentBody: binary.request.body, sentType: binary.request.headers['Content-Type'] });

  http.post(B, { note: http.file('héllo "wörld"\\r\\n', 'my "notes"\\\\.txt', 'text/plain; charset=utf-8') }, c('text'));
  http.post(B, { 'say "hi"': 'x', f: http.file('data') }, c('quotes'));

  const custom = http.post(B, { f: http.file('abc', 'a.txt') }, c('custom', { 'content-type': 'multipart/form-data; boundary=mine' }));
  report('custom', { sentType: custom.request.headers['Content-Type'] });

  const broken = http.file('ok');
  broken.data = 12;
  const failed = http.post(B, { f: broken }, c('broken'));
  report('broken', { status: failed.status, error: failed.error });

  const list = http.batch([
    ['POST', B, { one: http.file('first file', 'one.txt', 'text/plain') }, c('batch 0')],
    ['POST', B, 'plain body', c('batch 1')],
    ['POST', B, { two: http.file(bin, 'two.bin') }, c('batch 2')],
  ]);
  report('batch', list.map((r) => r.status));
}
`;

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('k6/http http.file() and multipart/form-data bodies', () => {
  let server: TestServer;
  let run: CliResult;

  const received = (name: string): RecordedRequest => {
    const found = server.requests.find((r) => r.headers['x-case'] === name);
    if (found === undefined) throw new Error(`the server never received case ${name}\n${explain(run)}`);
    return found;
  };
  const logged = (name: string): Record<string, unknown> => {
    const line = consoleMessages(run.stderr).find((msg) => msg.startsWith(`${name} `));
    if (line === undefined) throw new Error(`the script never reported ${name}\n${explain(run)}`);
    return JSON.parse(line.slice(name.length + 1)) as Record<string, unknown>;
  };
  const boundaryOf = (request: RecordedRequest): string => {
    const match = /^multipart\/form-data; boundary=([0-9a-f]{60})$/.exec(String(request.headers['content-type']));
    if (match?.[1] === undefined) throw new Error(`not a Go multipart content type: ${String(request.headers['content-type'])}`);
    return match[1];
  };
  const formData = (request: RecordedRequest) =>
    new Response(request.body, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();

  beforeAll(async () => {
    server = await startServer((_request, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    });
    const dir = writeInlineFiles({ 'script.js': SCRIPT });
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'bytes.bin'), ALL_BYTES);
    run = await runCli(['run', '-q', '-e', `TARGET=${server.url}`, 'script.js'], { cwd: dir });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
  });

  it('exits 0', () => {
    expect(run.exitCode, explain(run)).toBe(0);
  });

  it('http.file() returns k6 FileData: data, filename, content_type, a nanosecond name by default, k6 type errors', () => {
    const seen = logged('filedata');
    expect(seen).toMatchObject({
      keys: ['data', 'filename', 'content_type'],
      filename: 'bytes.bin',
      type: 'application/octet-stream',
      same: true,
      unnamedType: 'application/octet-stream',
      explicitUndefined: ['', ''],
      errors: [
        'GoError: invalid type []uint8, expected string or ArrayBuffer',
        'GoError: invalid type int64, expected string or ArrayBuffer',
        'GoError: invalid type <nil>, expected string or ArrayBuffer',
      ],
    });
    // k6: fmt.Sprintf("%d", time.Now().UnixNano())
    const unnamed = String(seen.unnamed);
    expect(unnamed).toMatch(/^\d{19}$/);
    expect(Math.abs(Number(BigInt(unnamed) / 1_000_000n) - Date.now())).toBeLessThan(120_000);
  });

  it('sends binary file content byte-exact beside plain fields, parsed by a multipart parser', async () => {
    const form = await formData(received('binary'));
    expect([...form.keys()]).toEqual(['title', 'count', 'photo']);
    expect(form.get('title')).toBe('holiday');
    expect(form.get('count')).toBe('3');
    const photo = form.get('photo');
    expect(photo).toBeInstanceOf(File);
    const file = photo as File;
    expect(file.name).toBe('bytes.bin');
    expect(file.type).toBe('application/octet-stream');
    expect(Buffer.from(await file.arrayBuffer()).equals(ALL_BYTES)).toBe(true);
  });

  it('lays the body out exactly like Go mime/multipart, and res.request shows it and its Content-Type', () => {
    const request = received('binary');
    const b = boundaryOf(request);
    const expected = Buffer.concat([
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nholiday`),
      Buffer.from(`\r\n--${b}\r\nContent-Disposition: form-data; name="count"\r\n\r\n3`),
      Buffer.from(`\r\n--${b}\r\nContent-Disposition: form-data; name="photo"; filename="bytes.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      ALL_BYTES,
      Buffer.from(`\r\n--${b}--\r\n`),
    ]);
    expect(request.body.equals(expected)).toBe(true);
    expect(request.headers['content-length']).toBe(String(expected.length));
    const seen = logged('binary');
    expect(seen.status).toBe(200);
    expect(seen.sentType).toEqual([`multipart/form-data; boundary=${b}`]);
    expect(seen.sentBody).toBe(request.body.toString('utf8'));
  });

  it('sends a string file as UTF-8 with its own content type and a quote-escaped filename', () => {
    const request = received('text');
    const b = boundaryOf(request);
    // Go escapes \\ and " with a backslash (WHATWG parsers such as Response.formData expect %22).
    const expected =
      `--${b}\r\nContent-Disposition: form-data; name="note"; filename="my \\"notes\\"\\\\.txt"\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\n\r\nhéllo "wörld"\r\n\r\n--${b}--\r\n`;
    expect(request.body.equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it("escapes quotes in plain field names but, like k6, not in a file part's name", () => {
    const request = received('quotes');
    const b = boundaryOf(request);
    expect(request.body.toString('utf8')).toContain(`--${b}\r\nContent-Disposition: form-data; name="say \\"hi\\""\r\n\r\nx\r\n`);
    expect(request.body.toString('utf8')).toMatch(/Content-Disposition: form-data; name="f"; filename="\d{19}"\r\nContent-Type: application\/octet-stream\r\n\r\ndata\r\n/);
  });

  it('keeps a Content-Type the user set (k6 applies params.headers after the body)', () => {
    const request = received('custom');
    expect(request.headers['content-type']).toBe('multipart/form-data; boundary=mine');
    expect(request.body.toString('utf8')).toMatch(/^--[0-9a-f]{60}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n/);
    expect(logged('custom').sentType).toEqual(['multipart/form-data; boundary=mine']);
  });

  it("fails the request with k6's ToBytes error when a file's data is no longer bytes", () => {
    expect(server.requests.some((r) => r.headers['x-case'] === 'broken')).toBe(false);
    expect(logged('broken')).toMatchObject({ status: 0, error: 'invalid type int64, expected string, []byte or ArrayBuffer' });
  });

  it('sends multipart bodies from http.batch() beside other bodies', async () => {
    expect(logged('batch')).toEqual([200, 200, 200]);
    const one = (await formData(received('batch 0'))).get('one') as File;
    expect([one.name, one.type, await one.text()]).toEqual(['one.txt', 'text/plain', 'first file']);
    expect(received('batch 1').body.toString('utf8')).toBe('plain body');
    const two = (await formData(received('batch 2'))).get('two') as File;
    expect(Buffer.from(await two.arrayBuffer()).equals(ALL_BYTES)).toBe(true);
  });
});
