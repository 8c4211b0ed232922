// k6's blockHostnames and blacklistIPs through the real CLI: a request to a blocked name or to an
// address in a blacklisted range — from the URL, a lookup or a `hosts` override — fails with k6's
// error code (1111 / 1110) and message, and never reaches the server; other requests go through.
// k6/ws dials through the same guard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain } from './helpers/cli-test-kit.js';
import { reported } from './helpers/log-lines.js';

const SCRIPT = `
import http from 'k6/http';
import ws from 'k6/ws';

const PORT = __ENV.PORT;
export const options = {
  iterations: 1,
  hosts: { 'allowed.test.invalid': '127.0.0.1', 'sneaky.test.invalid': '127.0.0.2' },
  blockHostnames: ['*.blocked.invalid', 'exact.invalid'],
  blacklistIPs: ['127.0.0.2/32', '10.0.0.0/8'],
};

function outcome(url, params) {
  const res = http.get(url, params);
  return { status: res.status, error_code: res.error_code, error: res.error };
}

export default function () {
  const out = {};
  out.allowedByIp = outcome('http://127.0.0.1:' + PORT + '/ok');
  out.allowedByHosts = outcome('http://allowed.test.invalid:' + PORT + '/ok');
  out.blockedWildcard = outcome('http://api.blocked.invalid:' + PORT + '/no');
  out.blockedExact = outcome('http://EXACT.invalid:' + PORT + '/no');
  out.blacklistedIp = outcome('http://127.0.0.2:' + PORT + '/no');
  out.blacklistedViaHosts = outcome('http://sneaky.test.invalid:' + PORT + '/no');
  try {
    http.get('http://10.1.2.3:' + PORT + '/no', { throw: true });
    out.thrown = 'nothing thrown';
  } catch (e) {
    out.thrown = String(e.message);
  }
  try {
    const res = ws.connect('ws://api.blocked.invalid:' + PORT + '/ws', null, (socket) => socket.close());
    out.ws = { status: res.status, error: res.error };
  } catch (e) {
    out.ws = { thrown: String(e.message) };
  }
  console.log('BLOCKED ' + JSON.stringify(out));
}
`;

describe('qk6 run: blockHostnames and blacklistIPs', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer((_request, res) => {
      res.end('ok');
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it('refuses blocked names and blacklisted addresses with k6 codes and sends them nothing', async () => {
    const result = await runInline({ 'script.js': SCRIPT }, ['-q', '-e', `PORT=${server.port}`]);
    expect(result.exitCode, explain(result)).toBe(0);
    const [out] = reported<Record<string, unknown>>(result.stderr, 'BLOCKED');
    expect(out).toMatchObject({
      allowedByIp: { status: 200, error_code: 0 },
      allowedByHosts: { status: 200, error_code: 0 },
      blockedWildcard: { status: 0, error_code: 1111, error: 'hostname is blocked' },
      blockedExact: { status: 0, error_code: 1111, error: 'hostname is blocked' },
      blacklistedIp: { status: 0, error_code: 1110, error: 'ip is blacklisted' },
      blacklistedViaHosts: { status: 0, error_code: 1110, error: 'ip is blacklisted' },
      thrown: 'Get "http://10.1.2.3:' + String(server.port) + '/no": IP (10.1.2.3) is in a blacklisted range (10.0.0.0/8)',
    });
    expect(JSON.stringify(out?.ws)).toContain('hostname (api.blocked.invalid) is in a blocked pattern (*.blocked.invalid)');
    expect(server.requests.map((request) => request.url)).toEqual(['/ok', '/ok']);
  });

  it('takes both lists from --block-hostnames and --blacklist-ip too', async () => {
    const script = `import http from 'k6/http';
export default function () {
  const codes = ['http://api.flagged.invalid:' + __ENV.PORT + '/', 'http://127.0.0.3:' + __ENV.PORT + '/'].map((url) => http.get(url).error_code);
  console.log('BLOCKED ' + JSON.stringify(codes));
}`;
    const args = ['-q', '--block-hostnames', '*.flagged.invalid', '--blacklist-ip', '127.0.0.3/32,10.0.0.0/8', '-e', `PORT=${server.port}`];
    const result = await runInline({ 'script.js': script }, args);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(reported(result.stderr, 'BLOCKED')).toEqual([[1111, 1110]]);
  });

  it('a bad --blacklist-ip CIDR is one error line and exit 255', async () => {
    const result = await runInline({ 'script.js': 'export default function () {}\n' }, ['-q', '--blacklist-ip', 'nope']);
    expect(result.exitCode, explain(result)).toBe(255);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining("--blacklist-ip: failed to parse CIDR 'nope'")]);
  });
});
