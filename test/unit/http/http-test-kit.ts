/**
 * Test kit for the host side of k6/http: a fake VuHostContext that records samples and logs, a
 * real node:http target server on 127.0.0.1:0, and a helper that calls the module's ops directly.
 */
import { once } from 'node:events';
import { testHttpOptions } from '../../helpers/vu-options.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { OpInput } from '../../../src/vu/bridge-contract.js';
import type { LogLevel, VuHostContext, VuHttpOptions, VuPhase } from '../../../src/vu/host-context.js';
import { httpModule } from '../../../src/modules/http/http-module.js';
import { disposeHttpState } from '../../../src/modules/http/vu-http-state.js';
import type { ResponseData } from '../../../src/modules/http/response-data.js';
import { BODY_BINARY, BODY_JSON, BODY_TEXT } from '../../../src/modules/http/response-wire.js';
import type { PhaseTimings } from '../../../src/modules/http/timings.js';

export interface Sample {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

export interface FakeVu extends VuHostContext {
  phase: VuPhase;
  readonly samples: Sample[];
  readonly logs: Array<{ level: LogLevel; message: string; fields?: Readonly<Record<string, string>> }>;
  abort(): void;
}

export const defaultHttpOptions: VuHttpOptions = testHttpOptions('qk6-test/1.0');

export function fakeVu(http: Partial<VuHttpOptions> = {}): FakeVu {
  const controller = new AbortController();
  const samples: Sample[] = [];
  const logs: Array<{ level: LogLevel; message: string; fields?: Readonly<Record<string, string>> }> = [];
  return {
    id: 1,
    phase: 'iteration',
    http: { ...defaultHttpOptions, ...http },
    scriptDir: '/tmp',
    samples,
    logs,
    emit(metric, value, tags) {
      samples.push({ metric, value, tags: { ...tags } });
    },
    sampleTags(tags) {
      return { ...tags };
    },
    emitTagged(metric, value, sampleTags) {
      samples.push({ metric, value, tags: { ...sampleTags } });
    },
    log(level, message, fields) {
      logs.push(fields === undefined ? { level, message } : { level, message, fields });
    },
    signal: controller.signal,
    state: new Map(),
    abort() {
      controller.abort();
    },
  };
}

export async function closeVu(vu: VuHostContext): Promise<void> {
  await disposeHttpState(vu);
}

const TIMING_NAMES = ['duration', 'blocked', 'looking_up', 'connecting', 'tls_handshaking', 'sending', 'waiting', 'receiving'] as const;
/** Reads a response-wire.ts text back into ResponseData, as runtime/modules/k6-http.js does. */
export function decodeResponse(text: string): ResponseData {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const third = text.indexOf('\n', second + 1);
  const head = JSON.parse(text.slice(0, first)) as unknown[];
  const made = JSON.parse(text.slice(first + 1, second)) as unknown[];
  const [headers, cookies, request] = JSON.parse(text.slice(second + 1, third)) as [ResponseData['headers'], ResponseData['cookies'], ResponseData['request']];
  const tail = text.slice(third + 1);
  const bodyKind = head[10] as number;
  const timings = {} as PhaseTimings;
  TIMING_NAMES.forEach((name, i) => {
    timings[name] = made[i] as number;
  });
  const data: ResponseData = {
    status: head[0] as number,
    status_text: head[1] as string,
    proto: head[2] as string,
    url: head[3] as string,
    headers,
    cookies,
    body: bodyKind === BODY_TEXT ? tail : bodyKind === BODY_JSON ? (JSON.parse(tail) as string) : null,
    timings,
    remote_ip: head[4] as string,
    remote_port: head[5] as number,
    tls_version: head[6] as string,
    tls_cipher_suite: head[7] as string,
    error: head[8] as string,
    error_code: head[9] as number,
    request,
  };
  if (bodyKind === BODY_BINARY) data.body_id = head[11] as number;
  return data;
}

export function input(payload: unknown, buffer?: ArrayBuffer): OpInput {
  return { payload: JSON.parse(JSON.stringify(payload)) as unknown, buffer };
}

export async function request(vu: VuHostContext, spec: Record<string, unknown>, buffer?: ArrayBuffer): Promise<ResponseData> {
  const op = httpModule.async?.['http.request'];
  if (op === undefined) throw new Error('http.request missing');
  return decodeResponse(String(await op(vu, input(spec, buffer))));
}

export async function batch(vu: VuHostContext, requests: Array<Record<string, unknown>>, buffer?: ArrayBuffer): Promise<ResponseData[]> {
  const op = httpModule.async?.['http.batch'];
  if (op === undefined) throw new Error('http.batch missing');
  return ((await op(vu, input({ requests }, buffer))) as string[]).map(decodeResponse);
}

export function syncOp(vu: VuHostContext, name: string, payload?: unknown): unknown {
  const op = httpModule.sync?.[name];
  if (op === undefined) throw new Error(`${name} missing`);
  return op(vu, input(payload ?? null));
}

/** Samples of one metric. */
export function samplesOf(vu: FakeVu, metric: string): Sample[] {
  return vu.samples.filter((s) => s.metric === metric);
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

export interface TargetServer {
  readonly url: string;
  readonly server: Server;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1:0 whose handler receives the full request body. */
export async function startServer(handler: Handler): Promise<TargetServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks)));
  });
  const target: TargetServer = {
    url: '',
    server,
    connections: 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
  server.on('connection', (socket: Socket) => {
    target.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return Object.assign(target, { url: `http://127.0.0.1:${port}` });
}

/** Replies with a JSON echo of the request. */
export const echo: Handler = (req, res, body) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: body.toString('utf8'), bodyBase64: body.toString('base64') }));
};
