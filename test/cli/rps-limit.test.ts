// k6's `rps` option through the real CLI: requests across all VUs (and all worker threads) are
// spaced to the limit. Only a lower bound on the time the requests span is checked — a loaded
// machine can make them slower, never faster; unlimited, 30 local requests take well under 0.3 s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInline } from '../helpers/run-cli.js';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain } from './helpers/cli-test-kit.js';
import { parseLogLines } from './helpers/log-lines.js';

const script = (rps: string): string => `
import http from 'k6/http';
export const options = { vus: 3, iterations: 30${rps} };
export default function () { http.get(__ENV.TARGET + '/'); }
`;

describe('qk6 run: the rps option', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer((_request, res) => res.end('ok'));
  });

  afterAll(async () => {
    await server.close();
  });

  /** How long (ms) the server saw the run's requests take, first to last. */
  async function span(rps: string, workers: string, flags: string[] = []): Promise<number> {
    server.requests.length = 0;
    const result = await runInline({ 'script.js': script(rps) }, ['-q', '--workers', workers, ...flags, '-e', `TARGET=${server.url}`]);
    expect(result.exitCode, explain(result)).toBe(0);
    expect(server.requests).toHaveLength(30);
    const times = server.requests.map((request) => request.receivedAt);
    return Math.max(...times) - Math.min(...times);
  }

  it.each(['1', '2'])('keeps 30 requests at rps: 20 to at least ~1.45 s with %s worker(s)', async (workers) => {
    // 29 gaps of 50 ms; with two workers each keeps 10/s for its ~15 requests (≥ 1.4 s).
    expect(await span(', rps: 20', workers)).toBeGreaterThanOrEqual(1300);
  });

  it('takes the limit from --rps too', async () => {
    expect(await span('', '1', ['--rps', '20'])).toBeGreaterThanOrEqual(1300);
  });

  it('a bad --rps is one error line and exit 255', async () => {
    const result = await runInline({ 'script.js': script('') }, ['-q', '--rps', 'abc']);
    expect(result.exitCode, explain(result)).toBe(255);
    expect(parseLogLines(result.stderr).map((line) => line.msg)).toEqual([expect.stringContaining('--rps: invalid argument "abc"')]);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
