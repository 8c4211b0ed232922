// Local HTTP targets for tests: the demo target from examples/ (what the examples and most CLI tests
// hit) and `startServer(handler)` for an ad-hoc node:http server. Both listen on 127.0.0.1, port 0.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export { startDemoTarget } from '../../examples/demo-target/server.js';
export type { DemoTarget, DemoTargetOptions, DemoTargetStats } from '../../examples/demo-target/server.js';

/** One request as a test server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent (`/a?b=1`). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Wall-clock time the whole body had arrived. */
  receivedAt: number;
}

/** Answers one request; `request` is already recorded and has its whole body. */
export type TestHandler = (
  request: RecordedRequest,
  res: ServerResponse,
  req: IncomingMessage,
) => void | Promise<void>;

export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Every request received so far, in arrival order. */
  requests: RecordedRequest[];
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/**
 * Starts a node:http server on 127.0.0.1 with a free port. A handler that throws answers 500;
 * one that returns without responding leaves the request open (useful for timeout tests).
 */
export async function startServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
        receivedAt: Date.now(),
      };
      requests.push(request);
      Promise.resolve()
        .then(() => handler(request, res, req))
        .catch((error: unknown) => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`test handler failed: ${String(error)}`);
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
