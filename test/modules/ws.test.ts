// k6/ws in a real VU against a WebSocket echo server on 127.0.0.1: the blocking connect(), events,
// socket timers, close codes, handshake failures and k6's ws_* metrics with their tags.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { assertOk, printed, runInVu } from '../fixtures/run-in-vu.js';

let server: Server;
let wss: WebSocketServer;
let base = '';
const handshakes: Array<{ url: string; cookie: string; agent: string; custom: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = 404;
    res.end('no socket here');
  });
  wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('chat') ? 'chat' : false) });
  server.on('upgrade', (req, socket, head) => {
    if (req.url === '/missing') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope');
      return;
    }
    handshakes.push({ url: req.url ?? '', cookie: req.headers.cookie ?? '', agent: req.headers['user-agent'] ?? '', custom: String(req.headers['x-custom'] ?? '') });
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (req.url === '/server-closes') {
        setTimeout(() => ws.close(4000, 'bye'), 20);
        return;
      }
      if (req.url === '/server-pings') ws.ping('hi');
      ws.on('message', (data, isBinary) => {
        const text = data.toString();
        if (!isBinary && text === 'close me') ws.close(1011, 'oops');
        else ws.send(data, { binary: isBinary });
      });
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

describe('k6/ws', () => {
  it('echoes text and binary messages, pings, runs socket timers and returns the 101 response', async () => {
    const run = await runInVu(
      {
        'main.js': `import ws from 'k6/ws';
          import { check, group } from 'k6';
          export default function () {
            group('chat', () => {
              const res = ws.connect(__ENV.BASE + '/echo', { headers: { 'X-Custom': 'yes', 'Sec-WebSocket-Protocol': 'chat' }, tags: { kind: 'echo' } }, (socket) => {
                const events = [];
                socket.on('open', () => { events.push('open'); socket.send('hello'); socket.ping(); });
                socket.on('message', (m) => { events.push('message:' + m); socket.sendBinary(new Uint8Array([1, 2, 3]).buffer); });
                socket.on('binaryMessage', (b) => {
                  events.push('binary:' + new Uint8Array(b).join(','));
                  socket.setTimeout(() => { events.push('timeout'); socket.close(); }, 50);
                });
                socket.on('pong', () => events.push('pong'));
                let ticks = 0;
                socket.setInterval(() => { ticks += 1; }, 10);
                socket.on('close', (code) => { events.push('close:' + code + ' ticked:' + (ticks > 0)); console.log(events.sort().join(' ')); });
              });
              console.log(res.status + ' ' + res.url.endsWith('/echo') + ' ' + res.headers['Sec-Websocket-Protocol']);
              check(res, { 'status is 101': (r) => r && r.status === 101 });
            });
          }`,
      },
      { env: { BASE: base } },
    );
    assertOk(run);
    expect(printed(run)).toEqual(['binary:1,2,3 close:1001 ticked:true message:hello open pong timeout', '101 true chat']);
    const names = (metric: string) => run.samples.filter(([m]) => m === metric);
    expect(names('ws_sessions')).toHaveLength(1);
    expect(names('ws_msgs_sent').length).toBe(2);
    expect(names('ws_msgs_received').length).toBe(2);
    expect(names('ws_ping')).toHaveLength(1);
    expect(names('ws_connecting')).toHaveLength(1);
    expect(names('ws_session_duration')).toHaveLength(1);
    expect(names('ws_session_duration')[0]?.[1]).toBeGreaterThanOrEqual(45);
    expect(names('ws_sessions')[0]?.[2]).toEqual({ scenario: 'default', group: '::chat', kind: 'echo', url: `${base}/echo`, status: '101', subproto: 'chat' });
    expect(handshakes.at(-1)).toMatchObject({ url: '/echo', agent: 'qk6-test', custom: 'yes' });
  });

  it('reports server closes and pings like gorilla/websocket in k6', async () => {
    const run = await runInVu(
      {
        'main.js': `import ws from 'k6/ws';
          export default function () {
            ws.connect(__ENV.BASE + '/server-closes', (socket) => {
              socket.on('error', (e) => console.log('error ' + e.error()));
              socket.on('close', (code) => console.log('close ' + code));
            });
            ws.connect(__ENV.BASE + '/server-pings', (socket) => {
              socket.on('ping', () => { console.log('ping'); socket.send('close me'); });
              socket.on('error', (e) => console.log('error ' + e.error()));
              socket.on('close', (code) => console.log('close ' + code));
            });
          }`,
      },
      { env: { BASE: base } },
    );
    assertOk(run);
    expect(printed(run)).toEqual([
      'error websocket: close 4000: bye',
      'close 4000',
      'ping',
      'error websocket: close 1011 (internal server error): oops',
      'close 1011',
    ]);
  });

  it('returns failed handshakes as responses, rejects bad params, sends the cookie jar and refuses the init context', async () => {
    const port = new URL(base).port;
    const run = await runInVu(
      {
        'main.js': `import ws from 'k6/ws';
          import http from 'k6/http';
          try { ws.connect(__ENV.BASE + '/echo', () => {}); } catch (e) { console.log('init: ' + e.message); }
          export default function () {
            const missing = ws.connect(__ENV.BASE + '/missing', () => { console.log('never'); });
            console.log(missing.status + ' ' + missing.body + ' ' + JSON.stringify(missing.error));
            const refused = ws.connect('ws://127.0.0.1:1/x', () => {});
            console.log(refused.status + ' ' + refused.error);
            try { ws.connect(__ENV.BASE + '/echo', { compression: 'gzip' }, () => {}); } catch (e) { console.log(e.message); }
            try { ws.connect(__ENV.BASE + '/echo', () => { throw new Error('in setup'); }); } catch (e) { console.log(e.message); }
            const jar = http.cookieJar();
            jar.set('http://127.0.0.1:${port}/', 'session', 'abc');
            ws.connect(__ENV.BASE + '/cookies', (socket) => socket.on('open', () => socket.close()));
          }`,
      },
      { env: { BASE: base } },
    );
    assertOk(run);
    expect(printed(run)).toEqual([
      'init: using websockets in the init context is not supported',
      '404 nope ""',
      '0 dial tcp 127.0.0.1:1: connect: connection refused',
      "unsupported compression algorithm 'gzip', supported algorithm is 'deflate'",
      'in setup',
    ]);
    expect(handshakes.at(-1)).toMatchObject({ url: '/cookies', cookie: 'session=abc' });
    expect(run.samples.filter(([m]) => m === 'ws_sessions')).toHaveLength(4);
  });
});
