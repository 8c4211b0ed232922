// Helpers for REST API tests: a free loopback port per test (so parallel runs never collide),
// JSON requests against a listening API, and polling until a running `qk6 run` reaches a state.
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `127.0.0.1:<free port>`, for `--address`. */
export async function freeAddress(): Promise<string> {
  return `127.0.0.1:${await freePort()}`;
}

export interface ApiResponse {
  status: number;
  text: string;
  /** The parsed body; undefined when empty or not JSON. */
  json: unknown;
  contentType: string | null;
}

/** One request to the API at `address` (`host:port`). `body` is sent as is when a string. */
export async function api(address: string, method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const response = await fetch(`http://${address}${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, contentType: response.headers.get('content-type') };
}

/** The attributes of `GET /v1/status`. */
export interface StatusAttributes {
  status: number;
  paused: boolean;
  vus: number;
  'vus-max': number;
  stopped: boolean;
  running: boolean;
  tainted: boolean;
}

export async function getStatus(address: string): Promise<StatusAttributes> {
  const response = await api(address, 'GET', '/v1/status');
  return (response.json as { data: { attributes: StatusAttributes } }).data.attributes;
}

/** A PATCH /v1/status with the given attributes, in k6's envelope. */
export function patchStatus(address: string, attributes: Record<string, unknown>): Promise<ApiResponse> {
  return api(address, 'PATCH', '/v1/status', { data: { type: 'status', id: 'default', attributes } });
}

/** Polls `GET /v1/status` (the server may not listen yet) until `predicate` holds. */
export async function waitForStatus(
  address: string,
  predicate: (status: StatusAttributes) => boolean,
  timeoutMs = 20_000,
): Promise<StatusAttributes> {
  const deadline = performance.now() + timeoutMs;
  let last: StatusAttributes | undefined;
  while (performance.now() < deadline) {
    try {
      last = await getStatus(address);
      if (predicate(last)) return last;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new Error(`the test at ${address} never reached the expected status; last: ${JSON.stringify(last)}`);
}

/** A metric's sample from `GET /v1/metrics/{name}`; undefined while it has none. */
export async function metricSample(address: string, name: string): Promise<Record<string, number> | undefined> {
  const response = await api(address, 'GET', `/v1/metrics/${encodeURIComponent(name)}`);
  if (response.status === 404) return undefined;
  return (response.json as { data: { attributes: { sample: Record<string, number> } } }).data.attributes.sample;
}
