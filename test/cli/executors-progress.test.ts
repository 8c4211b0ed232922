// The progress display through the real CLI with stderr piped (no terminal): at the end qk6 prints
// k6's final status line, `running (…), A/B VUs, N complete and M interrupted iterations`, and
// under it one line per scenario, in name order, each done: `name ✓ [ 100% ] …`.
import { describe, expect, it } from 'vitest';
import { explain, runWithExport } from './helpers/cli-test-kit.js';

const SCRIPT = `
import { sleep } from 'k6';
export const options = {
  scenarios: {
    looping: { executor: 'constant-vus', vus: 2, duration: '1s' },
    pool: { executor: 'shared-iterations', vus: 2, iterations: 6 },
    each: { executor: 'per-vu-iterations', vus: 1, iterations: 2 },
  },
};
export default function () { sleep(0.1); }
`;

describe('qk6 run: progress per scenario', () => {
  it('ends with the status line and one finished line per scenario', async () => {
    const run = await runWithExport(SCRIPT, []);
    expect(run.exitCode, explain(run)).toBe(0);
    const lines = run.stderr.split('\n');
    const status = lines.findLastIndex((line) => line.startsWith('running ('));
    expect(status, explain(run)).toBeGreaterThanOrEqual(0);
    const complete = run.summary.metrics.iterations?.count;
    const statusLine = new RegExp(`^running \\(\\d\\dm\\d\\d\\.\\ds\\), 0/5 VUs, ${complete} complete and 0 interrupted iterations$`);
    expect(lines[status]).toMatch(statusLine);

    const scenarioLines = lines.slice(status + 1).filter((line) => line.trim() !== '' && !line.startsWith('time='));
    expect(scenarioLines.map((line) => /^(\S+)\s+✓ \[ 100% \] \S/.exec(line)?.[1])).toEqual(['each', 'looping', 'pool']);
    expect(scenarioLines[2]).toContain('6/6 shared iters');
    expect(scenarioLines[0]).toContain('2/2 iters, 2 per VU');
  });
});
