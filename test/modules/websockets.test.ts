// k6/websockets (and its old name k6/experimental/websockets) against a WebSocket server on
// 127.0.0.1: in one real in-process VU for the behaviour, and through the CLI for what the summary
// shows. The point of the module is that nothing blocks: the constructor returns at once and the
// VU's event loop keeps the iteration going until every socket is closed and every timer is done.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { VirtualUser } from '../../src/vu/virtual-user.js';
import { assertOk, printed, runInVu, vuConfig, writeScriptDir, type VuRun } from '../fixtures/run-in-vu.js';
import { parseSummaryExport, runInline } from '../helpers/run-cli.js';

let server: Server;
let wss: WebSocketServer;
let base = '';
/** Server-side sockets of `/hold`, which never answers: they show whether the client let go. */
const held = new Set<ServerSocket>();
const handshakes: Array<{ url: string; agent: string; cookie: string }> = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.statusCode = 404;
    res.end('no socket here');
  });
  wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false) });
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/missing') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope');
      return;
    }
    handshakes.push({ url: req.url ?? '', agent: req.headers['user-agent'] ?? '', cookie: req.headers.cookie ?? '' });
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (req.url === '/hold') {
        held.add(ws);
        ws.on('close', () => held.delete(ws));
        return;
      }
      if (req.url === '/server-closes') {
        setTimeout(() => ws.close(4000, 'bye'), 20);
        return;
      }
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  wss.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function run(script: string, iterations = 1): Promise<VuRun> {
  return runInVu({ 'main.js': `import { WebSocket, Blob } from 'k6/websockets';\n${script}` }, { env: { BASE: base }, iterations });
}

function samples(vuRun: VuRun, metric: string): Array<[string, number, Record<string, string>]> {
  return vuRun.samples.filter(([name]) => name === metric);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('k6/websockets', () => {
  it('opens, echoes text and closes with a close event; the iteration waits for all of it', async () => {
    const vuRun = await run(`
      import { group } from 'k6';
      export default function () {
        group('chat', () => {
          const ws = new WebSocket(__ENV.BASE + '/echo', 'chat', { tags: { kind: 'echo' } });
          const log = ['constructed ' + ws.readyState + ' ' + ws.binaryType + ' ' + (ws.url === __ENV.BASE + '/echo')];
          ws.onopen = (e) => { log.push(e.type + ' ' + ws.readyState + ' ' + ws.protocol + ' ' + (e.target === ws) + ' ' + (typeof e.timestamp)); ws.send('hello'); };
          ws.onmessage = (e) => { log.push('message ' + e.data + ' ' + e.origin.endsWith('/echo')); ws.close(); log.push('closing ' + ws.readyState); };
          ws.onerror = (e) => log.push('error ' + e.error);
          ws.onclose = (e) => { log.push('close ' + e.code + ' ' + JSON.stringify(e.reason) + ' ' + ws.readyState); console.log(log.join(' | ')); };
        });
        console.log('returned first');
      }`);
    assertOk(vuRun);
    expect(printed(vuRun)).toEqual([
      'returned first',
      'constructed 0 blob true | open 1 chat true number | message hello true | closing 2 | close 1000 "" 3',
    ]);
    expect(samples(vuRun, 'ws_sessions')[0]?.[2]).toEqual({
      scenario: 'default', group: '::chat', kind: 'echo', status: '101', subproto: 'chat', url: `${base}/echo`, name: `${base}/echo`,
    });
    // k6's write pump counts every frame it writes: the message and the close frame.
    expect(samples(vuRun, 'ws_msgs_sent')).toHaveLength(2);
    expect(samples(vuRun, 'ws_msgs_received')).toHaveLength(1);
    expect(samples(vuRun, 'ws_connecting')).toHaveLength(1);
    expect(samples(vuRun, 'ws_session_duration')).toHaveLength(1);
    expect(samples(vuRun, 'data_sent').reduce((sum, [, value]) => sum + value, 0)).toBeGreaterThan(100);
    expect(handshakes.at(-1)).toMatchObject({ url: '/echo', agent: 'qk6-test' });
  });

  it('round-trips binary messages as ArrayBuffers or Blobs, sending only a typed array view\'s bytes', async () => {
    const vuRun = await run(`
      export default function () {
        const ws = new WebSocket(__ENV.BASE + '/echo');
        ws.binaryType = 'arraybuffer';
        const got = [];
        ws.onopen = () => ws.send(new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4));
        ws.onmessage = (e) => {
          if (e.data instanceof ArrayBuffer) {
            got.push('arraybuffer ' + new Uint8Array(e.data).join(','));
            ws.binaryType = 'blob';
            ws.send(new Blob(['hé', new Uint8Array([33]).buffer]));
            return;
          }
          got.push('blob ' + (e.data instanceof Blob) + ' ' + e.data.size + ' ' + String(e.data));
          e.data.text().then((text) => { got.push('text ' + text); ws.close(); });
        };
        ws.onclose = () => console.log(got.join(' | '));
      }`);
    assertOk(vuRun);
    expect(printed(vuRun)).toEqual(['arraybuffer 1,2,3 | blob true 4 [object Blob] | text hé!']);
  });

  it('calls the on* handler first, then every added listener; removed and nulled ones are not called', async () => {
    const vuRun = await run(`
      export default function () {
        const ws = new WebSocket(__ENV.BASE + '/echo');
        const calls = [];
        const removed = () => calls.push('removed');
        ws.addEventListener('open', () => { calls.push('open A'); ws.send('x'); });
        ws.addEventListener('open', () => calls.push('open B'));
        ws.addEventListener('message', (e) => calls.push('listener 1 ' + e.data));
        ws.addEventListener('message', removed);
        ws.addEventListener('message', (e) => { calls.push('listener 2 ' + e.data); ws.close(); });
        ws.removeEventListener('message', removed);
        ws.onmessage = (e) => calls.push('onmessage ' + e.data);
        ws.onclose = () => calls.push('never: replaced by null');
        ws.onclose = null;
        ws.addEventListener('close', () => console.log(calls.join(' | ') + ' | onclose ' + ws.onclose));
        try { ws.onerror = 1; } catch (e) { calls.push(e.message); }
      }`);
    assertOk(vuRun);
    expect(printed(vuRun)).toEqual([
      "a value for 'onerror' should be callable | open A | open B | onmessage x | listener 1 x | listener 2 x | onclose null",
    ]);
  });

  it('runs setInterval/setTimeout alongside the socket and ends the iteration only after the close', async () => {
    const vuRun = await run(`
      export default function () {
        const start = Date.now();
        const ws = new WebSocket(__ENV.BASE + '/echo');
        const echoes = [];
        let sent = 0;
        let timer;
        ws.onopen = () => { timer = setInterval(() => ws.send('tick ' + (++sent)), 100); };
        ws.onmessage = (e) => {
          echoes.push(e.data);
          if (echoes.length === 3) setTimeout(() => ws.close(), 20);
        };
        ws.onclose = () => {
          clearInterval(timer);
          console.log(echoes.join(',') + ' sent=' + sent + ' waited=' + (Date.now() - start >= 300));
        };
      }`);
    assertOk(vuRun);
    expect(printed(vuRun)).toEqual(['tick 1,tick 2,tick 3 sent=3 waited=true']);
  });

  it('reports a refused connection as an error event, then a close event without a code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const vuRun = await run(`
      export default function () {
        const ws = new WebSocket('ws://127.0.0.1:${port}/x');
        ws.onopen = () => console.log('never');
        ws.onerror = (e) => console.log('error: ' + e.error + ' ' + e.type + ' ' + ws.readyState);
        ws.onclose = (e) => console.log('close: ' + ('code' in e) + ' ' + JSON.stringify(e.reason));
        const missing = new WebSocket(__ENV.BASE + '/missing');
        missing.onerror = (e) => console.log('missing: ' + e.error);
        const closing = new WebSocket(__ENV.BASE + '/server-closes');
        closing.onerror = (e) => console.log('server: ' + e.error);
        closing.onclose = (e) => console.log('server close: ' + e.code + ' ' + e.reason);
      }`);
    assertOk(vuRun);
    expect(printed(vuRun).sort()).toEqual([
      'close: false ""',
      `error: dial tcp 127.0.0.1:${port}: connect: connection refused error 3`,
      'missing: websocket: bad handshake',
      'server close: 4000 bye',
      'server: websocket: close 4000: bye',
    ]);
    // Every attempt counts as a session; only the connection that opened has a duration.
    expect(samples(vuRun, 'ws_sessions')).toHaveLength(3);
    expect(samples(vuRun, 'ws_sessions').map(([, , tags]) => tags.status ?? 'none').sort()).toEqual(['101', '404', 'none']);
    expect(samples(vuRun, 'ws_session_duration')).toHaveLength(1);
  });

  it('raises k6\'s errors for bad arguments and for using a socket that is not open', async () => {
    const vuRun = await run(`
      function error(fn) { try { fn(); return 'no error'; } catch (e) { return e.message; } }
      export default function () {
        const ws = new WebSocket('ws://127.0.0.1:1/');
        console.log([
          error(() => new WebSocket()),
          error(() => new WebSocket('http://example.com')),
          error(() => new WebSocket('ws://example.com/#frag')),
          error(() => new WebSocket('ws://example.com', null, { timeout: 1 })),
          error(() => new WebSocket('ws://example.com', null, { compression: 'gzip' })),
          error(() => ws.send('too early')),
          error(() => { ws.binaryType = 'text'; }),
          error(() => ws.addEventListener('open')),
          error(() => ws.close(1001)),
          error(() => ws.close(1000, 'x'.repeat(124))),
        ].join('\\n'));
      }`);
    assertOk(vuRun);
    expect(printed(vuRun)[0]?.split('\n')).toEqual([
      'WebSocket requires a url',
      'WebSocket requires url with scheme ws or wss, but got "http"',
      'WebSocket requires no url fragment, but got "frag"',
      "unknown WebSocket's option timeout",
      "unsupported compression algorithm 'gzip', supported algorithm is 'deflate'",
      'InvalidStateError',
      'unknown binaryType text, the supported ones are "blob" and "arraybuffer"',
      'handler for event type "open" isn\'t a callable function',
      "InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1001 is neither",
      "SyntaxError: Failed to execute 'close' on 'WebSocket': The message must not be greater than 123 bytes",
    ]);
  });

  it('runs two sockets at once in one iteration', async () => {
    const vuRun = await run(`
      export default function () {
        const done = [];
        let closed = 0;
        for (const name of ['a', 'b']) {
          const ws = new WebSocket(__ENV.BASE + '/echo');
          ws.onopen = () => ws.send(name);
          ws.onmessage = (e) => { done.push(e.data); ws.close(); };
          ws.onclose = () => { if (++closed === 2) console.log(done.sort().join(',')); };
        }
      }`);
    assertOk(vuRun);
    expect(printed(vuRun)).toEqual(['a,b']);
    expect(samples(vuRun, 'ws_sessions')).toHaveLength(2);
    expect(samples(vuRun, 'ws_msgs_received')).toHaveLength(2);
  });

  it('fails the iteration on an exception in a handler, closing the socket first like k6', async () => {
    const vuRun = await run(
      `export default function () {
        const iteration = __ITER;
        const ws = new WebSocket(__ENV.BASE + '/echo');
        ws.onopen = () => ws.send('hi ' + iteration);
        ws.onmessage = (e) => { if (iteration === 0) missingFunction(); console.log(e.data); ws.close(); };
        ws.onerror = (e) => console.log('error listener: ' + e.error.includes('missingFunction'));
        ws.onclose = () => console.log('closed ' + iteration);
        if (iteration === 0) setInterval(() => {}, 1000);
      }`,
      2,
    );
    expect(vuRun.iterations[0]?.ok).toBe(false);
    expect(vuRun.iterations[0]?.ok === false && vuRun.iterations[0].error.message).toMatch(/missingFunction/);
    // The interval the failed iteration left behind does not keep the next one running.
    expect(vuRun.iterations[1]?.ok).toBe(true);
    expect(printed(vuRun)).toEqual(['error listener: true', 'closed 0', 'hi 1', 'closed 1']);
  });

  it('closes the sockets of an interrupted iteration, and the next iteration starts clean', async () => {
    const dir = writeScriptDir({
      'main.js': `import { WebSocket } from 'k6/websockets';
        export default function () {
          if (__ITER === 0) {
            const ws = new WebSocket(__ENV.BASE + '/hold');
            ws.onclose = () => console.log('never: the iteration is gone');
            return;
          }
          const ws = new WebSocket(__ENV.BASE + '/echo');
          ws.onopen = () => ws.send('next iteration');
          ws.onmessage = (e) => { console.log(e.data); ws.close(); };
        }`,
    });
    const vuRun: VuRun = { init: { ok: true, value: undefined }, iterations: [], logs: [], samples: [], dir };
    const { vu, init } = await VirtualUser.create(vuConfig(join(dir, 'main.js'), vuRun, { BASE: base }));
    try {
      expect(init.ok).toBe(true);
      await vu.activate('default', undefined, { scenario: 'default' });
      const first = vu.iterate();
      await until(() => held.size === 1, 'the server to accept the connection');
      vu.interrupt();
      const outcome = await first;
      expect(outcome.ok === false && outcome.error.interrupted).toBe(true);
      vu.afterIteration();
      await until(() => held.size === 0, 'the client to close the connection');
      vu.interruptAt(Number.POSITIVE_INFINITY);
      const second = await vu.iterate();
      expect(second).toEqual({ ok: true, value: undefined });
      expect(printed(vuRun)).toEqual(['next iteration']);
    } finally {
      vu.dispose();
    }
  });

  it('waits for each iteration\'s socket and reports k6\'s ws metrics in the summary export (CLI)', async () => {
    const result = await runInline(
      {
        'script.js': `import { WebSocket } from 'k6/experimental/websockets';
          import { check } from 'k6';
          // The VU's dialer applies: a hosts override names the server.
          export const options = { vus: 1, iterations: 3, hosts: { 'echo.test': '127.0.0.1' } };
          export default function () {
            const ws = new WebSocket(__ENV.BASE.replace('127.0.0.1', 'echo.test') + '/echo');
            ws.onopen = () => { ws.send('hello'); ws.ping(); };
            ws.onmessage = (e) => {
              check(e, { 'echoed': (m) => m.data === 'hello' });
              setTimeout(() => ws.close(), 100);
            };
          }`,
      },
      ['--quiet', '--summary-export', 'summary.json', '-e', `BASE=${base}`],
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const { metrics, root_group: root } = parseSummaryExport(join(result.dir, 'summary.json'));
    expect(metrics.iterations?.count).toBe(3);
    // Each iteration lasted as long as its socket: the close came 100 ms after the echo.
    expect(metrics.iteration_duration?.min).toBeGreaterThanOrEqual(100);
    expect(metrics.ws_sessions?.count).toBe(3);
    expect(metrics.ws_msgs_received?.count).toBe(3);
    expect(metrics.ws_msgs_sent?.count).toBe(9); // message, ping and close frame, as k6's write pump counts
    expect(metrics.ws_ping?.avg).toBeGreaterThanOrEqual(0);
    expect(metrics.ws_connecting?.avg).toBeGreaterThan(0);
    expect(metrics.ws_session_duration?.min).toBeGreaterThanOrEqual(100);
    expect(metrics.data_received?.count).toBeGreaterThan(0);
    // Checks taken in a handler after the iteration's own code returned are counted, the last one too.
    expect(root.checks.echoed).toMatchObject({ passes: 3, fails: 0 });
  });
});
