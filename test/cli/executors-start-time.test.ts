// Scenario start times through the real CLI: each scenario starts `startTime` after the test's
// scenarios start. Each scenario's first iteration reports how far into the test it ran
// (`exec.instance.currentTestRunDuration`), its scenario's start (`exec.scenario.startTime`) and
// the wall clock; the tolerance allows for process scheduling on a busy machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/target-server.js';
import { explain, runWithExport } from './helpers/cli-test-kit.js';
import { reported } from './helpers/log-lines.js';

// Generous: the suite runs on a loaded 2-core machine; what matters is which offset each start follows.
const TOLERANCE_MS = 450;

let server: TestServer;

beforeAll(async () => {
  server = await startServer((_request, res) => {
    res.end('ok');
  });
});

afterAll(async () => {
  await server.close();
});

const SCRIPT = `
import http from 'k6/http';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    first: { executor: 'per-vu-iterations', vus: 1, iterations: 1 },
    second: { executor: 'shared-iterations', vus: 2, iterations: 2, startTime: '1s' },
    third: { executor: 'constant-arrival-rate', rate: 2, duration: '1s', preAllocatedVUs: 1, startTime: '1500ms' },
  },
};
export default function () {
  http.get(__ENV.TARGET + '/' + exec.scenario.name);
  if (exec.scenario.iterationInTest === 0) {
    console.log('started ' + JSON.stringify({
      scenario: exec.scenario.name,
      intoTest: exec.instance.currentTestRunDuration,
      scenarioStart: exec.scenario.startTime,
      now: Date.now(),
    }));
  }
}
`;

interface Started {
  scenario: string;
  intoTest: number;
  scenarioStart: number;
  now: number;
}

describe('qk6 run: scenarios with different startTime', () => {
  it('starts each scenario startTime after the first one, within a few hundred ms', async () => {
    const run = await runWithExport(SCRIPT, [], { env: { TARGET: server.url } });
    expect(run.exitCode, explain(run)).toBe(0);
    const started = new Map(reported<Started>(run.stderr, 'started').map((s) => [s.scenario, s]));
    const at = (name: string): Started => {
      const found = started.get(name);
      if (found === undefined) throw new Error(`scenario ${name} reported no first iteration\n${explain(run)}`);
      return found;
    };
    const offsets = { first: 0, second: 1000, third: 1500 };
    for (const [name, offset] of Object.entries(offsets)) {
      const { intoTest, scenarioStart, now } = at(name);
      expect(Math.abs(intoTest - offset), `${name}: ${intoTest} ms into the test`).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(Math.abs(scenarioStart - at('first').scenarioStart - offset), `${name}: scenario start`).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(now - scenarioStart, `${name}: first iteration after its scenario's start`).toBeGreaterThanOrEqual(0);
      expect(now - scenarioStart).toBeLessThanOrEqual(TOLERANCE_MS);
    }
    expect(server.requests.map((request) => request.url).sort()).toEqual(['/first', '/second', '/second', '/third', '/third']);
  });
});
