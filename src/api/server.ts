/**
 * The REST API server (k6 `internal/api/server.go`): plain `node:http` on `--address`
 * (`host:port` as Go writes it; an empty host listens on every interface), answering from a
 * {@link ControlSurface}. Starting resolves once it listens and rejects when it cannot (the CLI
 * decides whether that is a warning or exit 106). Each request is logged at debug level, as k6.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogLevel } from '../vu/host-context.js';
import type { ControlSurface } from './control-surface.js';
import { handleRequest } from './routes.js';

export interface ApiServer {
  /** The address it listens on, `host:port` (with the real port when 0 was asked for). */
  readonly address: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export type ApiLog = (level: LogLevel, message: string, fields?: Readonly<Record<string, string>>) => void;

/** `host:port` → its parts, the way Go's `net.Listen` reads it; throws on a malformed address. */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const match = /^(?:\[([^\]]*)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    throw new Error(`invalid REST API address "${address}": expected host:port, e.g. localhost:6565, 127.0.0.1:6565 or :6565`);
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? undefined : host, port };
}

/** Listens on `address` and answers from `surface`; rejects when the address is malformed or cannot be bound. */
export function startApiServer(address: string, surface: ControlSurface, log: ApiLog): Promise<ApiServer> {
  return new Promise((resolve, reject) => {
    let listen: { host: string | undefined; port: number };
    try {
      listen = parseListenAddress(address);
    } catch (error) {
      reject(error);
      return;
    }
    const server = createServer((request, response) => {
      void handleRequest(surface, request, response).then((status) => {
        log('debug', `${request.method ?? 'GET'} ${request.url ?? '/'}`, { status: String(status) });
      });
    });
    server.once('error', reject);
    // Go's net.Listen takes the IPv4 address of "localhost"; Node might pick ::1.
    server.listen({ host: listen.host === 'localhost' ? '127.0.0.1' : listen.host, port: listen.port }, () => {
      server.off('error', reject);
      server.on('error', (error) => log('warn', 'Error from API server', { error: error.message }));
      // The server never keeps the process alive by itself (`--linger` holds it explicitly).
      server.unref();
      const bound = server.address() as AddressInfo;
      const host = listen.host ?? '';
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        address: `${shown}:${bound.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
