// Broken targets through the real CLI: each fault becomes a response with status 0 (or the real
// status) and k6's error_code, counts in http_req_failed, and the run goes on to a normal end.
// One iteration visits every fault (fast ones only: timeouts are set to about a second); the TLS
// bypass and the 100 MB body have runs of their own. The 60 s default timeout is checked on the
// code path that applies it, not by waiting a minute.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/modules/http/prepare-request.js';
import { DEFAULT_TIMEOUT_MS, parseRequestSpec } from '../../src/modules/http/request-spec.js';
import { httpState } from '../../src/modules/http/vu-http-state.js';
import { VuHost } from '../../src/vu/vu-host.js';
import { repoRoot } from '../helpers/run-cli.js';
import { closedPort, explain, runWithExport, type ExportedRun } from '../cli/helpers/cli-test-kit.js';
import { parseLogLines, reported } from '../cli/helpers/log-lines.js';
import { BIG_BODY_BYTES, startFaultTargets, type FaultTargets } from './helpers/fault-targets.js';

interface Probe {
  name: string;
  status: number;
  error_code: number;
  error: string;
  length: number | null;
  ms: number;
}

const FAULTS_SCRIPT = `
import http from 'k6/http';
import { sleep } from 'k6';

export const options = {
  iterations: 1,
  summaryTrendStats: ['count', 'max'],
  thresholds: {
    'http_reqs{error_code:1050}': ['count==2'],
    'http_reqs{error_code:1101}': ['count==1'],
    'http_reqs{error_code:1212}': ['count==1'],
    'http_reqs{error_code:1310}': ['count==1'],
  },
};

function probe(name, url, params) {
  const started = Date.now();
  const res = http.get(url, params);
  const length = res.body === null ? null : res.body.length;
  console.log('probe ' + JSON.stringify({ name, status: res.status, error_code: res.error_code, error: res.error, length, ms: Date.now() - started }));
}

export default function () {
  probe('connection refused', __ENV.DEAD + '/');
  probe('reset mid-body', __ENV.TARGET + '/reset-mid-body');
  probe('never answers', __ENV.TARGET + '/never', { timeout: '1s' });
  probe('slow body', __ENV.TARGET + '/slow-body');
  probe('slow body past its timeout', __ENV.TARGET + '/slow-body', { timeout: 300 });
  probe('invalid HTTP', __ENV.NOT_HTTP + '/');
  probe('bad TLS certificate', __ENV.BAD_TLS + '/');
  probe('unresolvable name', 'http://qk6-robustness.invalid/');
  for (let i = 0; i < 10; i++) probe('keep-alive closed right after a response', __ENV.TARGET + '/close-after');
  for (let i = 0; i < 3; i++) {
    probe('keep-alive closed while idle', __ENV.TARGET + '/close-after');
    sleep(0.1);
  }
  probe('a healthy request after all that', __ENV.TARGET + '/ok');
}
`;

/** A preload that reports every name the process (and its worker threads) asks the resolver for. */
const DNS_SPY = `data:text/javascript,${encodeURIComponent(`
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) { process.stderr.write('DNS-LOOKUP ' + hostname + '\\n'); return lookup.call(this, hostname, ...rest); };
syncBuiltinESMExports();
`)}`;

describe('qk6 run against broken targets', () => {
  let targets: FaultTargets;
  let dead: string;

  beforeAll(async () => {
    targets = await startFaultTargets();
    dead = `http://127.0.0.1:${await closedPort()}`;
  });

  afterAll(async () => {
    await targets?.close();
  });

  describe('one iteration through every fault', () => {
    let run: ExportedRun;
    let probes: Map<string, Probe[]>;

    beforeAll(async () => {
      run = await runWithExport(
        FAULTS_SCRIPT,
        ['-e', `TARGET=${targets.http}`, '-e', `DEAD=${dead}`, '-e', `NOT_HTTP=${targets.notHttp}`, '-e', `BAD_TLS=${targets.badTls}`],
        { env: { NODE_OPTIONS: `--import=${DNS_SPY}` } },
      );
      probes = new Map();
      for (const probe of reported<Probe>(run.stderr, 'probe')) probes.set(probe.name, [...(probes.get(probe.name) ?? []), probe]);
    });

    const only = (name: string): Probe => {
      const found = probes.get(name);
      expect(found, `probe "${name}" did not report:\n${explain(run)}`).toHaveLength(1);
      return (found as Probe[])[0] as Probe;
    };

    it('ends normally (exit 0) with every error-code threshold met and a summary', () => {
      expect(run.exitCode, explain(run)).toBe(0);
      const thresholds = Object.values(run.summary.metrics).flatMap((metric) => Object.values(metric.thresholds ?? {}));
      expect(thresholds).toEqual([false, false, false, false]);
      expect(run.summary.metrics.iterations?.count).toBe(1);
    });

    it('connection refused: status 0, error_code 1212', () => {
      expect(only('connection refused')).toMatchObject({ status: 0, error_code: 1212, error: 'dial: connection refused' });
    });

    it('reset mid-body: status 0, error_code 1220 (connection reset by peer)', () => {
      expect(only('reset mid-body')).toMatchObject({ status: 0, error_code: 1220, error: 'read: connection reset by peer', length: null });
    });

    it('a server that never answers: status 0, error_code 1050 when the timeout param runs out', () => {
      const probe = only('never answers');
      expect(probe).toMatchObject({ status: 0, error_code: 1050, error: 'request timeout' });
      expect(probe.ms).toBeGreaterThanOrEqual(950);
      expect(probe.ms).toBeLessThan(5000);
    });

    it('a slow body is read to its end; past the timeout param it is status 0, error_code 1050', () => {
      expect(only('slow body')).toMatchObject({ status: 200, error_code: 0, length: 1000 });
      expect(only('slow body past its timeout')).toMatchObject({ status: 0, error_code: 1050, error: 'request timeout', length: null });
    });

    it('a reply that is not HTTP: status 0, error_code 1000, and the error says why', () => {
      const probe = only('invalid HTTP');
      expect(probe).toMatchObject({ status: 0, error_code: 1000 });
      expect(probe.error).not.toBe('');
    });

    it('a self-signed certificate: status 0, error_code 1310 (x509: unknown authority)', () => {
      expect(only('bad TLS certificate')).toMatchObject({ status: 0, error_code: 1310, error: 'x509: unknown authority' });
    });

    it('a .invalid name fails fast with 1101 without asking any resolver', () => {
      const probe = only('unresolvable name');
      expect(probe).toMatchObject({ status: 0, error_code: 1101, error: 'lookup: no such host' });
      expect(probe.ms).toBeLessThan(1000);
      const lookups = run.stderr.split('\n').filter((line) => line.startsWith('DNS-LOOKUP'));
      expect(lookups.filter((line) => line.includes('invalid'))).toEqual([]);
    });

    it('connections the server closes after each response or while idle: every request still succeeds', () => {
      const closed = [...(probes.get('keep-alive closed right after a response') ?? []), ...(probes.get('keep-alive closed while idle') ?? [])];
      expect(closed).toHaveLength(13);
      for (const probe of closed) expect(probe).toMatchObject({ status: 200, error_code: 0, length: 3 });
      expect(targets.hits.get('/close-after')).toBeGreaterThanOrEqual(13);
    });

    it('goes on after the faults, and http_req_failed counts exactly the 7 failed requests of 22', () => {
      expect(only('a healthy request after all that')).toMatchObject({ status: 200, length: 2 });
      expect(run.summary.metrics.http_reqs?.count).toBe(22);
      expect(run.summary.metrics.http_req_failed).toMatchObject({ passes: 7, fails: 15 });
    });

    it('logs one "Request Failed" warning per failed request, like k6', () => {
      const warnings = parseLogLines(run.stderr).filter((line) => line.level === 'warning' && line.msg === 'Request Failed');
      expect(warnings).toHaveLength(7);
    });
  });

  it('insecureSkipTLSVerify makes the self-signed certificate pass', async () => {
    const run = await runWithExport(
      `import http from 'k6/http';
export const options = { iterations: 1, insecureSkipTLSVerify: true };
export default function () {
  const res = http.get(__ENV.BAD_TLS + '/');
  console.log('tls ' + JSON.stringify({ status: res.status, error_code: res.error_code, body: res.body, tls: res.tls_version !== '', ocsp: res.ocsp.status }));
}`,
      ['-e', `BAD_TLS=${targets.badTls}`],
    );
    expect(run.exitCode, explain(run)).toBe(0);
    expect(reported(run.stderr, 'tls')).toEqual([{ status: 200, error_code: 0, body: 'secret', tls: true, ocsp: 'unknown' }]);
    expect(run.summary.metrics.http_req_failed).toMatchObject({ passes: 0, fails: 1 });
  });

  it('downloads a 100 MB body: discarded with discardResponseBodies, whole with responseType text', async () => {
    const run = await runWithExport(
      `import http from 'k6/http';
export const options = { iterations: 1, discardResponseBodies: true };
export default function () {
  const discarded = http.get(__ENV.TARGET + '/big');
  console.log('big ' + JSON.stringify({ status: discarded.status, body: discarded.body }));
  const kept = http.get(__ENV.TARGET + '/big', { responseType: 'text' });
  console.log('big ' + JSON.stringify({ status: kept.status, length: kept.body.length, last: kept.body.slice(-1) }));
}`,
      ['-e', `TARGET=${targets.http}`],
      { timeoutMs: 90_000 },
    );
    expect(run.exitCode, explain(run)).toBe(0);
    expect(reported(run.stderr, 'big')).toEqual([
      { status: 200, body: null },
      { status: 200, length: BIG_BODY_BYTES, last: 'q' },
    ]);
    expect(run.summary.metrics.data_received?.count).toBeGreaterThan(2 * BIG_BODY_BYTES);
  }, 120_000);

  it("a request without a timeout param gets k6's 60 s default on the path that arms the timer", async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
    const vu = new VuHost(
      {
        id: 1,
        scriptPath: join(repoRoot, 'script.js'),
        env: {},
        http: {
          maxRedirects: 10, userAgent: 'qk6', throw: false, discardResponseBodies: false, insecureSkipTLSVerify: false,
          batch: 20, batchPerHost: 6, httpDebug: '', noConnectionReuse: false, noVUConnectionReuse: false, noCookiesReset: false,
        },
        sink: { define: () => undefined, add: () => undefined },
        runTags: {},
        log: () => undefined,
      },
      () => undefined,
    );
    vu.phase = 'iteration';
    const state = httpState(vu);
    const prepare = async (params: Record<string, unknown>) => {
      const prepared = await prepareRequest(vu, state, parseRequestSpec({ method: 'GET', url: 'http://127.0.0.1:1/', ...params }, 0), undefined);
      if (!prepared.ok) throw new Error(prepared.failure.message);
      return prepared.request.timeout;
    };
    expect(await prepare({})).toBe(60_000);
    expect(await prepare({ timeout: 1500 })).toBe(1500);
  });
});
