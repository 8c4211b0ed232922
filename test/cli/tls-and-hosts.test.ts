// k6's connection options through the real CLI against local HTTPS (and WSS) servers: tlsVersion,
// tlsCipherSuites, tlsAuth (domains, encrypted keys), insecureSkipTLSVerify and hosts overrides,
// with k6's error codes and messages for failed handshakes. Certificates are the committed
// fixtures in test/fixtures/tls (a CA the CLI trusts through NODE_EXTRA_CA_CERTS).
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { repoRoot, runInline, type InlineResult } from '../helpers/run-cli.js';
import { explain } from './helpers/cli-test-kit.js';
import { reported } from './helpers/log-lines.js';

const FIXTURES = join(repoRoot, 'test', 'fixtures', 'tls');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const TRUST_CA = { NODE_EXTRA_CA_CERTS: join(FIXTURES, 'ca.pem') };
/** The PEMs a script open()s from its own directory. */
const CLIENT_FILES = {
  'client.pem': fixture('client.pem'),
  'client-key.pem': fixture('client-key.pem'),
  'client-key-encrypted.pem': fixture('client-key-encrypted.pem'),
  'server-key.pem': fixture('server-key.pem'),
};

/** What the servers answer: who they think they talk to. */
interface Seen {
  server: string;
  host: string;
  sni: string | false;
  client: string | null;
}

/** What the scripts log for each request. */
interface Outcome {
  status: number;
  error: string;
  error_code: number;
  tls_version: string;
  tls_cipher_suite: string;
  seen: Seen | null;
}

function seen(name: string, socket: TLSSocket, host: string | undefined): Seen {
  const peer = socket.getPeerCertificate();
  return { server: name, host: host ?? '', sni: socket.servername, client: peer?.subject?.CN ?? null };
}

const servers: Server[] = [];
const ports: Record<string, number> = {};

async function start(name: string, options: ServerOptions): Promise<Server> {
  const server = createServer({ cert: fixture('server.pem'), key: fixture('server-key.pem'), ...options }, (req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(seen(name, req.socket as TLSSocket, req.headers.host)));
  });
  // A rejected client certificate is the point of some requests, not a test failure.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  ports[name] = (server.address() as AddressInfo).port;
  return server;
}

/** The script prelude: a helper that logs a response as an {@link Outcome}. */
const SHOW = `
function show(tag, res) {
  const seen = res.status === 200 ? JSON.parse(res.body) : null;
  console.log(tag + ' ' + JSON.stringify({ status: res.status, error: res.error, error_code: res.error_code, tls_version: res.tls_version, tls_cipher_suite: res.tls_cipher_suite, seen }));
}
`;

function outcome(run: InlineResult, tag: string): Outcome {
  const [value] = reported<Outcome>(run.stderr, tag);
  if (value === undefined) throw new Error(`no "${tag}" line\n${explain(run)}`);
  return value;
}

let wss: WebSocketServer;

beforeAll(async () => {
  await start('tls13', { minVersion: 'TLSv1.3' });
  await start('tls12', { maxVersion: 'TLSv1.2' });
  const mtls = await start('mtls', { requestCert: true, rejectUnauthorized: true, ca: fixture('ca.pem') });
  await start('selfSigned', { cert: fixture('self-signed.pem'), key: fixture('self-signed-key.pem') });
  wss = new WebSocketServer({ server: mtls });
  wss.on('connection', (socket, req) => socket.send(JSON.stringify(seen('mtls-ws', req.socket as TLSSocket, req.headers.host))));
});

afterAll(async () => {
  wss?.close();
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('tlsVersion max 1.2, a cipher suite, hosts overrides, tlsAuth for 127.0.0.1', () => {
  let run: InlineResult;

  beforeAll(async () => {
    const script = `
import http from 'k6/http';
const P = JSON.parse(__ENV.PORTS);
export const options = {
  iterations: 1,
  tlsVersion: { min: 'tls1.2', max: 'tls1.2' },
  tlsCipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
  hosts: {
    'api.test.invalid': '127.0.0.1:' + P.tls12,
    '*.wild.test.invalid': '127.0.0.1',
    'other.test.invalid': '127.0.0.1:' + P.tls12,
  },
  tlsAuth: [{ domains: ['127.0.0.1'], cert: open('./client.pem'), key: open('./client-key.pem') }],
};
${SHOW}
export default function () {
  show('tls13-only', http.get('https://localhost:' + P.tls13 + '/'));
  show('tls12', http.get('https://localhost:' + P.tls12 + '/'));
  show('hosts-port', http.get('https://api.test.invalid/'));
  show('hosts-wildcard', http.get('https://x.wild.test.invalid:' + P.tls12 + '/'));
  show('hosts-not-in-cert', http.get('https://other.test.invalid/'));
  show('mtls-matching', http.get('https://127.0.0.1:' + P.mtls + '/'));
  show('mtls-other-domain', http.get('https://localhost:' + P.mtls + '/'));
  show('self-signed', http.get('https://localhost:' + P.selfSigned + '/'));
}
`;
    run = await runInline({ 'script.js': script, ...CLIENT_FILES }, ['-q', '--address', '127.0.0.1:0', '-e', `PORTS=${JSON.stringify(ports)}`], { env: TRUST_CA });
  });

  it('runs to the end (failed requests do not fail the test)', () => {
    expect(run.exitCode, explain(run)).toBe(0);
  });

  it("fails against a TLS 1.3-only server with k6's 1010 remote error", () => {
    expect(outcome(run, 'tls13-only')).toMatchObject({ status: 0, error_code: 1010, error: 'remote error: tls: protocol version not supported' });
    expect(run.stderr).toContain(`Get \\"https://localhost:${ports.tls13}/\\": remote error: tls: protocol version not supported`);
  });

  it('negotiates TLS 1.2 with the chosen cipher suite (the server alone would pick AES-256)', () => {
    expect(outcome(run, 'tls12')).toMatchObject({ status: 200, tls_version: 'tls1.2', tls_cipher_suite: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' });
  });

  it('dials the hosts override (IP:port) and keeps the original name for Host, SNI and the certificate', () => {
    expect(outcome(run, 'hosts-port').seen).toEqual({ server: 'tls12', host: 'api.test.invalid', sni: 'api.test.invalid', client: null });
  });

  it('matches a *.wildcard hosts key and keeps the URL port when the value has none', () => {
    expect(outcome(run, 'hosts-wildcard').seen).toEqual({ server: 'tls12', host: `x.wild.test.invalid:${ports.tls12}`, sni: 'x.wild.test.invalid', client: null });
  });

  it("verifies the certificate against the original name: k6's 1311 when it is not in the certificate", () => {
    expect(outcome(run, 'hosts-not-in-cert')).toMatchObject({ status: 0, error_code: 1311, error: "x509: certificate doesn't match hostname" });
    expect(run.stderr).toContain('x509: certificate is valid for localhost, api.test.invalid, *.wild.test.invalid, not other.test.invalid');
  });

  it('presents the client certificate to a host its domains name', () => {
    expect(outcome(run, 'mtls-matching')).toMatchObject({ status: 200, seen: { server: 'mtls', client: 'qk6 test client' } });
  });

  it('presents none to other hosts: the server refuses the TLS 1.2 handshake', () => {
    expect(outcome(run, 'mtls-other-domain')).toMatchObject({ status: 0, error_code: 1010, error: 'remote error: tls: handshake failure' });
  });

  it("rejects a self-signed certificate with k6's 1310 unless insecureSkipTLSVerify", () => {
    expect(outcome(run, 'self-signed')).toMatchObject({ status: 0, error_code: 1310, error: 'x509: unknown authority' });
    expect(run.stderr).toContain('tls: failed to verify certificate: x509: certificate signed by unknown authority');
  });
});

describe('tlsVersion min 1.3, insecureSkipTLSVerify, an encrypted key for *.wild.test.invalid, k6/ws', () => {
  let run: InlineResult;

  beforeAll(async () => {
    const script = `
import http from 'k6/http';
import ws from 'k6/ws';
const P = JSON.parse(__ENV.PORTS);
export const options = {
  iterations: 1,
  tlsVersion: { min: 'tls1.3' },
  insecureSkipTLSVerify: true,
  hosts: { '*.wild.test.invalid': '127.0.0.1' },
  tlsAuth: [{ domains: ['*.wild.test.invalid'], cert: open('./client.pem'), key: open('./client-key-encrypted.pem'), password: 'qk6-secret' }],
};
${SHOW}
function socket(tag, url) {
  let seen = null;
  const res = ws.connect(url, {}, (s) => {
    s.on('message', (m) => { seen = JSON.parse(m); s.close(); });
    s.setTimeout(() => s.close(), 2000);
  });
  console.log(tag + ' ' + JSON.stringify({ status: res.status, error: res.error, seen }));
}
export default function () {
  show('tls13', http.get('https://localhost:' + P.tls13 + '/'));
  show('tls12-only', http.get('https://localhost:' + P.tls12 + '/'));
  show('mtls-wildcard-domain', http.get('https://a.wild.test.invalid:' + P.mtls + '/'));
  show('mtls-no-certificate', http.get('https://localhost:' + P.mtls + '/'));
  show('self-signed', http.get('https://localhost:' + P.selfSigned + '/'));
  socket('ws-matching', 'wss://b.wild.test.invalid:' + P.mtls + '/');
  socket('ws-no-certificate', 'wss://127.0.0.1:' + P.mtls + '/');
}
`;
    run = await runInline({ 'script.js': script, ...CLIENT_FILES }, ['-q', '--address', '127.0.0.1:0', '-e', `PORTS=${JSON.stringify(ports)}`], { env: TRUST_CA });
  });

  it('runs to the end', () => {
    expect(run.exitCode, explain(run)).toBe(0);
  });

  it('negotiates TLS 1.3 with a TLS 1.3 server', () => {
    expect(outcome(run, 'tls13')).toMatchObject({ status: 200, tls_version: 'tls1.3' });
  });

  it('fails against a server capped at TLS 1.2', () => {
    expect(outcome(run, 'tls12-only')).toMatchObject({ status: 0, error_code: 1010, error: 'remote error: tls: protocol version not supported' });
  });

  it('decrypts the key with its password and presents the certificate through a wildcard domain', () => {
    expect(outcome(run, 'mtls-wildcard-domain')).toMatchObject({
      status: 200,
      seen: { server: 'mtls', host: `a.wild.test.invalid:${ports.mtls}`, sni: 'a.wild.test.invalid', client: 'qk6 test client' },
    });
  });

  it('reports the TLS 1.3 "certificate required" alert when no certificate is presented', () => {
    expect(outcome(run, 'mtls-no-certificate')).toMatchObject({ status: 0, error_code: 1010, error: 'remote error: tls: certificate required' });
  });

  it('accepts the self-signed certificate with insecureSkipTLSVerify', () => {
    expect(outcome(run, 'self-signed')).toMatchObject({ status: 200, seen: { server: 'selfSigned' } });
  });

  it('applies hosts, SNI and the client certificate to k6/ws connections', () => {
    const [matching] = reported<{ status: number; error: string; seen: Seen | null }>(run.stderr, 'ws-matching');
    expect(matching, explain(run)).toEqual({
      status: 101,
      error: '',
      seen: { server: 'mtls-ws', host: `b.wild.test.invalid:${ports.mtls}`, sni: 'b.wild.test.invalid', client: 'qk6 test client' },
    });
    const [refused] = reported<{ status: number; error: string; seen: Seen | null }>(run.stderr, 'ws-no-certificate');
    expect(refused).toEqual({ status: 0, error: 'remote error: tls: certificate required', seen: null });
  });
});

describe('an unusable tlsAuth entry', () => {
  it('is an invalid configuration (exit code 104) naming each entry with Go’s error', async () => {
    const script = `
export const options = {
  tlsAuth: [
    { cert: 'not a certificate', key: open('./client-key.pem') },
    { cert: open('./client.pem'), key: open('./client-key-encrypted.pem'), password: 'wrong' },
    { cert: open('./client.pem'), key: open('./client-key-encrypted.pem') },
    { cert: open('./client.pem'), key: open('./server-key.pem') },
  ],
};
export default function () {}
`;
    const run = await runInline({ 'script.js': script, ...CLIENT_FILES }, ['-q', '--address', '127.0.0.1:0']);
    expect(run.exitCode, explain(run)).toBe(104);
    expect(run.stderr).toContain('options.tlsAuth[0]: tls: failed to find any PEM data in certificate input');
    expect(run.stderr).toContain('options.tlsAuth[1]: x509: decryption password incorrect');
    expect(run.stderr).toContain('options.tlsAuth[2]: tls: failed to parse private key');
    expect(run.stderr).toContain('options.tlsAuth[3]: tls: private key does not match public key');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
