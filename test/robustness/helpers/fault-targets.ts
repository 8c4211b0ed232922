// Misbehaving targets for the robustness suite, all on 127.0.0.1 with free ports: an HTTP server
// whose routes fail in one specific way each, a TCP server that answers with something that is not
// HTTP, and a TLS server whose certificate nobody trusts (self-signed).
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { TLS_CERT, TLS_KEY } from '../../unit/http/tls-fixture.js';

/** Bytes of the `/big` body: 100 MiB, streamed in 64 KiB chunks (never held in memory whole). */
export const BIG_BODY_BYTES = 100 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'q');

export interface FaultTargets {
  /** `http://127.0.0.1:port` of the HTTP server. Routes:
   *  /ok                200 "ok"
   *  /reset-mid-body    headers announce 100 000 bytes, 1 000 arrive, then the socket is reset
   *  /never             accepts the request and never answers
   *  /slow-body         200, 10 × 100 bytes, 80 ms apart
   *  /big               200, {@link BIG_BODY_BYTES} streamed
   *  /close-after       200, then the server closes the keep-alive connection (no `Connection: close`)
   *  /status/N          status N */
  readonly http: string;
  /** A TCP server that replies `SSH-2.0-nope` and garbage to anything. */
  readonly notHttp: string;
  /** `https://127.0.0.1:port` with a self-signed certificate. */
  readonly badTls: string;
  /** Requests the HTTP server has seen, by route. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

export async function startFaultTargets(): Promise<FaultTargets> {
  const hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const http = createHttpServer((req, res) => {
    const route = (req.url ?? '/').replace(/\?.*$/, '');
    hits.set(route, (hits.get(route) ?? 0) + 1);
    req.resume();
    handle(route, req.socket, res);
  });
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const notHttp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end('SSH-2.0-nope\r\n\x00\x01\x02 this is not HTTP\r\n\r\n'));
  });
  const badTls = createHttpsServer({ key: TLS_KEY, cert: TLS_CERT }, (req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('secret');
  });
  badTls.on('tlsClientError', () => undefined);
  const servers: Array<Server | TcpServer> = [http, notHttp, badTls];
  const ports = await Promise.all(servers.map(listen));
  return {
    http: `http://127.0.0.1:${ports[0]}`,
    notHttp: `http://127.0.0.1:${ports[1]}`,
    badTls: `https://127.0.0.1:${ports[2]}`,
    hits,
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}

function handle(route: string, socket: Socket, res: ServerResponse): void {
  const status = /^\/status\/(\d{3})$/.exec(route);
  if (status) {
    res.writeHead(Number(status[1]), { 'Content-Type': 'text/plain' });
    res.end(`status ${status[1]}`);
    return;
  }
  switch (route) {
    case '/ok':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    case '/reset-mid-body':
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '100000' });
      res.write(Buffer.alloc(1000, 'r'), () => setTimeout(() => socket.resetAndDestroy(), 20));
      return;
    case '/never':
      return; // the request stays open until the client gives up or the server closes
    case '/slow-body': {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': '1000' });
      let sent = 0;
      const timer = setInterval(() => {
        res.write(Buffer.alloc(100, 's'));
        sent += 1;
        if (sent === 10) {
          clearInterval(timer);
          res.end();
        }
      }, 80);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/big': {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(BIG_BODY_BYTES) });
      let sent = 0;
      const pump = (): void => {
        while (sent < BIG_BODY_BYTES) {
          sent += CHUNK.length;
          if (!res.write(CHUNK)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    case '/close-after':
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('bye', () => socket.end());
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

function listen(server: Server | TcpServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
