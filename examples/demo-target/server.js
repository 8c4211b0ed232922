// The demo target: a small HTTP API that qk6's examples, demo and tests hit.
// Use it from code with `startDemoTarget()`, or run it on its own:
//   node examples/demo-target/server.js --port 3333 [--host 127.0.0.1]
// Plain modern JavaScript with only `node:` builtins, so it runs without a build step.
// Routes live in ./api-routes.js (the "product" API) and ./tool-routes.js (httpbin-style helpers);
// this file owns the server, its lifecycle and the request stats.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApiRoutes } from './api-routes.js';
import { createRouter, sendJson } from './router.js';
import { createToolRoutes } from './tool-routes.js';

/** Largest request body the target reads; larger ones get 413. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Starts the demo target.
 * @param {{ port?: number, host?: string }} [options] port 0 (the default) picks a free port.
 * @returns {Promise<import('./server.js').DemoTarget>}
 */
export async function startDemoTarget({ port = 0, host = '127.0.0.1' } = {}) {
  const stats = createStats();
  const timers = new Set();
  const router = createRouter([...createApiRoutes(), ...createToolRoutes({ timers })]);
  const server = createServer({ keepAlive: true, keepAliveTimeout: 5_000 }, (req, res) => {
    const path = safePathname(req.url);
    stats.requests += 1;
    stats.paths[path] = (stats.paths[path] ?? 0) + 1;
    readBody(req, res).then((body) => {
      if (body === undefined) return;
      return router.handle(req, res, body);
    }).catch((error) => {
      if (res.headersSent) {
        res.destroy(error);
        return;
      }
      sendJson(res, 500, { error: 'internal error', detail: String(error?.message ?? error) });
    });
  });

  // /ws/echo: a WebSocket echo endpoint for k6/ws examples and tests.
  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (safePathname(req.url) !== '/ws/echo') {
      socket.destroy();
      return;
    }
    stats.requests += 1;
    sockets.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });

  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('demo target: no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  let closing;

  return {
    url,
    port: address.port,
    stats,
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Request counters: `requests` in total and per URL path (query string excluded). */
function createStats() {
  return {
    requests: 0,
    /** @type {Record<string, number>} */
    paths: Object.create(null),
    /** The number of requests whose path was `path`. */
    count(path) {
      return this.paths[path] ?? 0;
    },
    reset() {
      this.requests = 0;
      this.paths = Object.create(null);
    },
  };
}

function safePathname(rawUrl) {
  try {
    return new URL(rawUrl ?? '/', 'http://demo.invalid').pathname;
  } catch {
    return '/';
  }
}

/** Reads the whole body; answers 413 itself (and resolves undefined) when it is too large. */
function readBody(req, res) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        if (!tooLarge) {
          tooLarge = true;
          res.setHeader('Connection', 'close');
          sendJson(res, 413, { error: `request body larger than ${MAX_BODY_BYTES} bytes` });
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(argv) {
  const options = { port: 3333, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--port' || flag === '-p') options.port = Number(value());
    else if (flag === '--host') options.host = value();
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`unknown argument: ${arg} (try --help)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port needs an integer between 0 and 65535');
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`demo target: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log('usage: node examples/demo-target/server.js [--port 3333] [--host 127.0.0.1]');
    return;
  }
  // Handlers go in before the server starts, so an early signal still closes it cleanly.
  let stopRequested = false;
  const started = startDemoTarget(options);
  const stop = (signal) => {
    if (stopRequested) {
      // A second signal: stop now, the default way.
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.kill(process.pid, signal);
      return;
    }
    stopRequested = true;
    started
      .then((target) => target.close().then(() => console.log(`served ${target.stats.requests} requests`)))
      .catch(() => undefined);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const target = await started;
  console.log(`qk6 demo target listening on ${target.url}`);
  console.log(`try: qk6 run -e BASE_URL=${target.url} examples/quickstart.js  (Ctrl+C stops)`);
}

function isEntryPoint() {
  if (process.argv[1] === undefined) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) await main();
