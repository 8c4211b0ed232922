// The REST API (k6 api/v1) over a real HTTP server on a free loopback port, in-process: the real
// control surface over a real RunControl, RunState, metrics and thresholds (no VU workers — the
// CLI tests in test/cli/control-*.test.ts drive a whole `qk6 run`).
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControlSurface } from '../../src/api/control-surface.js';
import { startApiServer, type ApiServer } from '../../src/api/server.js';
import { parseDuration } from '../../src/config/duration.js';
import type { ScenarioOptions } from '../../src/config/scenario-types.js';
import { resolveScenario } from '../../src/config/scenarios.js';
import type { Qk6Error } from '../../src/errors/qk6-error.js';
import { ExecutionStatus, RunControl } from '../../src/execution/run-control.js';
import { RunState } from '../../src/execution/run-state.js';
import { TestMetrics } from '../../src/execution/test-metrics.js';
import { Thresholds } from '../../src/thresholds/thresholds.js';
import { api, getStatus, patchStatus } from './api-kit.js';

interface Harness {
  address: string;
  server: ApiServer;
  state: RunState;
  control: RunControl;
  metrics: TestMetrics;
  thresholds: Thresholds;
}

async function harness(scenarios: Record<string, ScenarioOptions>, paused: boolean): Promise<Harness> {
  const state = new RunState();
  const metrics = new TestMetrics();
  const resolved = Object.entries(scenarios).map(([name, config]) => {
    const { scenario, issues } = resolveScenario(name, config);
    expect(issues).toEqual([]);
    return scenario;
  });
  const control = new RunControl(state, resolved, paused);
  const thresholds = Thresholds.build({ iterations: ['count>100'] }, metrics.registry, parseDuration);
  const server = await startApiServer('127.0.0.1:0', createControlSurface({ control, state, metrics, thresholds }), () => undefined);
  return { address: server.address, server, state, control, metrics, thresholds };
}

const EXTERNALLY_CONTROLLED: Record<string, ScenarioOptions> = {
  ext: { executor: 'externally-controlled', vus: 1, maxVUs: 3, duration: '0s' },
};

let h: Harness;
beforeEach(async () => {
  h = await harness(EXTERNALLY_CONTROLLED, true);
});
afterEach(async () => {
  h.control.markEnded();
  await h.server.close();
});

describe('GET /v1/status', () => {
  it("answers k6's status envelope with numeric status and the live numbers", async () => {
    h.control.setStatus(ExecutionStatus.PausedBeforeRun);
    h.state.initializedVUs = 3;
    const response = await api(h.address, 'GET', '/v1/status');
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    expect(response.json).toEqual({
      data: {
        type: 'status',
        id: 'default',
        attributes: { status: 4, paused: true, vus: 0, 'vus-max': 3, stopped: false, running: false, tainted: false },
      },
    });
  });

  it('reports tainted once a threshold fails', async () => {
    h.metrics.add('iterations', 1, {});
    h.thresholds.evaluate(1_000, false);
    expect((await getStatus(h.address)).tainted).toBe(true);
  });
});

describe('PATCH /v1/status', () => {
  it("resumes a test started paused, taking k6's client body (every attribute, nulls for no change)", async () => {
    const resumed = h.control.whenResumed();
    const response = await patchStatus(h.address, {
      status: 0,
      paused: false,
      vus: null,
      'vus-max': null,
      stopped: false,
      running: false,
      tainted: false,
    });
    expect(response.status).toBe(200);
    expect((response.json as { data: { attributes: { paused: boolean } } }).data.attributes.paused).toBe(false);
    await resumed;
    expect(h.control.paused).toBe(false);
  });

  it('treats pausing a paused test as a no-op', async () => {
    const response = await patchStatus(h.address, { paused: true });
    expect(response.status).toBe(200);
    expect(h.control.paused).toBe(true);
  });

  it('stops the test with exit code 103 on stopped: true', async () => {
    const response = await patchStatus(h.address, { stopped: true, paused: false });
    expect(response.status).toBe(200);
    expect((response.json as { data: { attributes: { stopped: boolean } } }).data.attributes.stopped).toBe(true);
    expect(h.state.stopped).toBe(true);
    expect((h.state.stopReason as Qk6Error).exitCode).toBe(103);
    expect((h.state.stopReason as Qk6Error).message).toBe('test run stopped from REST API');
  });

  it.each([
    ['garbage JSON', 'this is not json', 'Invalid data', /JSON/],
    ['a JSON array', '[]', 'Invalid data', /JSON:API document/],
    ['a document without data', '{"attributes":{}}', 'Invalid data', /unknown top-level member "attributes"/],
    ['another resource type', '{"data":{"type":"metrics","attributes":{}}}', 'Invalid data', /"data.type" must be "status"/],
    ['an unknown attribute', '{"data":{"attributes":{"vu":2}}}', 'Invalid data', /unknown status attribute "vu"/],
    ['VUs as a string', '{"data":{"attributes":{"vus":"ten"}}}', 'Invalid data', /"vus" must be a whole number/],
    ['fractional VUs', '{"data":{"attributes":{"vus":1.5}}}', 'Invalid data', /"vus" must be a whole number/],
    ['paused as a string', '{"data":{"attributes":{"paused":"yes"}}}', 'Invalid data', /"paused" must be true, false or null/],
    ['negative VUs', '{"data":{"attributes":{"vus":-1}}}', 'Config update error', /^invalid configuration supplied: the number of VUs can't be negative$/],
    [
      'more VUs than vus-max',
      '{"data":{"attributes":{"vus":5}}}',
      'Config update error',
      /^invalid configuration supplied: the number of active VUs \(5\) must be less than or equal to the number of maxVUs \(3\)$/,
    ],
    [
      'vus-max below the configured maxVUs',
      '{"data":{"attributes":{"vus-max":2,"vus":1}}}',
      'Config update error',
      /^the new number of max VUs cannot be lower than the starting number of max VUs \(3\)$/,
    ],
  ])('answers 400 with a JSON:API error for %s', async (_what, body, title, detail) => {
    const response = await api(h.address, 'PATCH', '/v1/status', body);
    expect(response.status).toBe(400);
    const errors = (response.json as { errors: Array<{ status: string; title: string; detail: string }> }).errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.status).toBe('400');
    expect(errors[0]?.title).toBe(title);
    expect(errors[0]?.detail).toMatch(detail);
    expect(h.state.stopped).toBe(false);
  });

  it('answers 409 once the test has finished', async () => {
    h.control.markEnded();
    for (const attributes of [{ paused: true }, { vus: 2 }, { stopped: true }, {}]) {
      const response = await patchStatus(h.address, attributes);
      expect(response.status).toBe(409);
      expect(response.json).toEqual({
        errors: [{ status: '409', title: 'Conflict', detail: 'the test has already finished; its status can no longer be changed' }],
      });
    }
    expect((await getStatus(h.address)).status).toBe(ExecutionStatus.Ended);
  });

  it('answers a scale request on a test without a scalable scenario with 400 naming the executors that scale', async () => {
    const other = await harness({ ramp: { executor: 'ramping-vus', stages: [{ duration: '1s', target: 2 }] } }, false);
    try {
      const response = await patchStatus(other.address, { vus: 2 });
      expect(response.status).toBe(400);
      const detail = (response.json as { errors: Array<{ detail: string }> }).errors[0]?.detail;
      expect(detail).toContain('an externally-controlled executor needs to be configured for live configuration updates');
      expect(detail).toContain('constant-vus');
      expect(detail).toContain('ramp (ramping-vus)');
    } finally {
      other.control.markEnded();
      await other.server.close();
    }
  });
});

describe('routes', () => {
  it.each([
    ['DELETE', '/v1/status'],
    ['POST', '/v1/metrics'],
    ['PUT', '/v1/groups'],
    ['GET', '/v1/teardown'],
    ['DELETE', '/v1/setup'],
  ])('answers %s %s with 405 and an empty body', async (method, path) => {
    const response = await api(h.address, method, path);
    expect(response.status).toBe(405);
    expect(response.text).toBe('');
  });

  it('answers ok on /ping and outside /v1, and a JSON:API 404 for an unknown /v1 path', async () => {
    expect((await api(h.address, 'GET', '/ping')).text).toBe('ok');
    expect((await api(h.address, 'GET', '/')).text).toBe('ok');
    const missing = await api(h.address, 'GET', '/v1/nothing');
    expect(missing.status).toBe(404);
    expect((missing.json as { errors: Array<{ status: string }> }).errors[0]?.status).toBe('404');
  });
});

describe('GET /v1/metrics', () => {
  it("lists the observed metrics with k6's sample keys per type", async () => {
    h.metrics.add('iterations', 1, {});
    h.metrics.add('iterations', 1, {});
    h.metrics.add('vus', 3, {});
    h.metrics.add('checks', 1, { check: 'ok' });
    for (const value of [10, 20, 30]) h.metrics.add('iteration_duration', value, {});
    const response = await api(h.address, 'GET', '/v1/metrics');
    expect(response.status).toBe(200);
    const data = (response.json as { data: Array<{ type: string; id: string; attributes: Record<string, unknown> }> }).data;
    const byId = new Map(data.map((entry) => [entry.id, entry]));
    expect(data.every((entry) => entry.type === 'metrics')).toBe(true);
    expect(byId.get('iterations')?.attributes).toEqual({ type: 'counter', contains: 'default', tainted: null, sample: { count: 2, rate: 0 } });
    expect(byId.get('vus')?.attributes).toEqual({ type: 'gauge', contains: 'default', tainted: null, sample: { value: 3 } });
    expect(byId.get('checks')?.attributes).toEqual({ type: 'rate', contains: 'default', tainted: null, sample: { rate: 1 } });
    expect(byId.get('iteration_duration')?.attributes).toEqual({
      type: 'trend',
      contains: 'time',
      tainted: null,
      sample: { avg: 20, max: 30, med: 20, min: 10, 'p(90)': 28, 'p(95)': 29 },
    });
    expect(byId.has('http_reqs')).toBe(false);
  });

  it('shows a metric with thresholds as tainted after evaluation, and one metric by id', async () => {
    h.metrics.add('iterations', 1, {});
    h.thresholds.evaluate(1_000, false);
    const one = await api(h.address, 'GET', '/v1/metrics/iterations');
    expect(one.status).toBe(200);
    expect((one.json as { data: { id: string; attributes: { tainted: boolean } } }).data).toMatchObject({ id: 'iterations', attributes: { tainted: true } });
  });

  it("answers k6's 404 for an unknown metric", async () => {
    const response = await api(h.address, 'GET', '/v1/metrics/no_such_metric');
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ errors: [{ status: '404', title: 'Not Found', detail: 'No metric with that ID was found' }] });
  });
});

describe('GET /v1/groups', () => {
  it('lists the group tree with md5 ids, checks and relationships', async () => {
    h.metrics.add('checks', 1, { group: '::login', check: 'status is 200' });
    h.metrics.add('checks', 0, { group: '::login', check: 'status is 200' });
    const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
    const response = await api(h.address, 'GET', '/v1/groups');
    expect(response.json).toEqual({
      data: [
        {
          type: 'groups',
          id: md5(''),
          attributes: { path: '', name: '', checks: null },
          relationships: { groups: { data: [{ type: 'groups', id: md5('::login') }] }, parent: { data: null } },
        },
        {
          type: 'groups',
          id: md5('::login'),
          attributes: {
            path: '::login',
            name: 'login',
            checks: [{ id: md5('::login::status is 200'), path: '::login::status is 200', name: 'status is 200', passes: 1, fails: 1 }],
          },
          relationships: { groups: { data: [] }, parent: { data: { type: 'groups', id: md5('') } } },
        },
      ],
    });
    const one = await api(h.address, 'GET', `/v1/groups/${md5('::login')}`);
    expect((one.json as { data: { attributes: { name: string } } }).data.attributes.name).toBe('login');
    const missing = await api(h.address, 'GET', '/v1/groups/0000');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ errors: [{ status: '404', title: 'Not Found', detail: 'No group with that ID was found' }] });
  });
});

describe('/v1/setup', () => {
  it('reads, replaces and clears the setup data', async () => {
    const empty = { data: { type: 'setupData', id: 'default', attributes: {} } };
    expect((await api(h.address, 'GET', '/v1/setup')).json).toEqual(empty);
    const put = await api(h.address, 'PUT', '/v1/setup', { token: 'abc', n: [1, 2] });
    expect(put.json).toEqual({ data: { type: 'setupData', id: 'default', attributes: { data: { token: 'abc', n: [1, 2] } } } });
    expect(h.control.setupDataJson).toBe('{"token":"abc","n":[1,2]}');
    expect((await api(h.address, 'GET', '/v1/setup')).json).toEqual(put.json);
    expect((await api(h.address, 'PUT', '/v1/setup', '')).json).toEqual(empty);
    const bad = await api(h.address, 'PUT', '/v1/setup', '{nope');
    expect(bad.status).toBe(400);
    expect((bad.json as { errors: Array<{ title: string }> }).errors[0]?.title).toBe('Error parsing request body');
  });

  it('answers 409 to POST /v1/setup and /v1/teardown before the run can call them', async () => {
    expect((await api(h.address, 'POST', '/v1/setup')).status).toBe(409);
    expect((await api(h.address, 'POST', '/v1/teardown')).status).toBe(409);
  });

  it('runs setup() and teardown() on request through the run', async () => {
    const calls: string[] = [];
    h.control.lifecycle = {
      setup: async () => {
        calls.push('setup');
        return '{"from":"setup"}';
      },
      teardown: async (data) => {
        calls.push(`teardown ${String(data)}`);
      },
    };
    expect((await api(h.address, 'POST', '/v1/setup')).json).toEqual({
      data: { type: 'setupData', id: 'default', attributes: { data: { from: 'setup' } } },
    });
    const teardown = await api(h.address, 'POST', '/v1/teardown');
    expect(teardown.status).toBe(200);
    expect(teardown.text).toBe('');
    expect(calls).toEqual(['setup', 'teardown {"from":"setup"}']);
  });
});
