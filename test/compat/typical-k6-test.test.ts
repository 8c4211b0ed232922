// A typical k6 test moved over unchanged (scripts/typical-k6-test.js: stages, setup login, groups,
// checks, custom metrics, thresholds; scripts/scenarios-k6-test.js: per-vu-iterations and
// shared-iterations scenarios) gives the check counts, iteration counts and threshold verdicts k6
// gives. Each expected number is derived in a comment from k6's documented semantics; the parts
// whose counts depend on timing (the ramping stages) are checked through relations k6 guarantees.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSummaryExport, repoRoot, runCli, type CliResult, type SummaryExport } from '../helpers/run-cli.js';
import { startDemoTarget, type DemoTarget } from '../helpers/target-server.js';
import { explain, k6Id } from '../cli/helpers/cli-test-kit.js';
import { parseLogLines } from '../cli/helpers/log-lines.js';
import { thresholdVerdicts } from '../cli/helpers/threshold-verdicts.js';

const scriptsDir = join(repoRoot, 'test', 'compat', 'scripts');
const TYPICAL = join(scriptsDir, 'typical-k6-test.js');
const SCENARIOS = join(scriptsDir, 'scenarios-k6-test.js');

interface Run extends CliResult {
  summary: SummaryExport;
}

/**
 * Each run gets a fresh demo target: the typical test's "item id is even" check depends on the
 * target handing out item ids 4, 5, 6, … (3 seed items) from a fresh start.
 */
let target: DemoTarget;

beforeEach(async () => {
  target = await startDemoTarget();
});

afterEach(async () => {
  await target?.close();
});

async function run(script: string, args: string[] = []): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-compat-'));
  const exportPath = join(dir, 'summary.json');
  const result = await runCli(['run', '-e', `BASE_URL=${target.url}`, '--summary-export', exportPath, ...args, script]);
  let summary: SummaryExport;
  try {
    summary = parseSummaryExport(exportPath);
  } catch (error) {
    throw new Error(`no summary export: ${String(error)}\n${explain(result)}`, { cause: error });
  }
  return { ...result, summary };
}

/** Threshold verdicts from the text summary as `metric: expression` → passed. */
function verdicts(stdout: string): Record<string, boolean> {
  return Object.fromEntries(thresholdVerdicts(stdout).map((v) => [`${v.metric}: ${v.expression}`, v.passed]));
}

/** The verdicts every run of the typical test shares; only `checks{group:::items}` can change. */
const TYPICAL_PASSING = {
  'http_req_failed: rate<0.01': true,
  'http_req_duration: p(95)<2000': true,
  'http_req_duration{group:::items}: p(95)<2000': true,
  'checks: rate>0.9': true,
  'items_created: count>0': true,
  'created_ok: rate>0.99': true,
  'item_round_trip: p(95)<2000': true,
  'item_round_trip: avg<1000': true,
};

describe('a typical k6 test, unchanged', () => {
  it('with -u 2 -i 10: the counts and verdicts k6 produces', async () => {
    // `-i 10` on the command line is a higher config layer than the script's `stages`, and k6's
    // Options.Apply lets a layer that sets any of duration/iterations/stages/scenarios replace all
    // four: the run becomes the shared-iterations executor, 10 iterations shared among 2 VUs.
    const result = await run(TYPICAL, ['-u', '2', '-i', '10']);
    const { metrics, root_group: root } = result.summary;

    expect(result.stdout).toContain('10 iterations shared among 2 VUs');
    expect(metrics.iterations?.count).toBe(10);

    // Requests: setup() logs in once (1), then each iteration does home 1 + items 3 (create, read,
    // delete) + account 1 = 5 requests → 1 + 10 × 5 = 51. None fails (200, 201, 204 are all in
    // k6's default expected range 200-399).
    expect(metrics.http_reqs?.count).toBe(51);
    expect(metrics.http_req_failed).toMatchObject({ passes: 0, fails: 51, value: 0 });

    // Checks: 1 in setup + 6 per iteration = 61. The target numbers new items 4..13 whatever the
    // order the 2 VUs create them in, so "item id is even" passes for 4, 6, 8, 10, 12 and fails for
    // 5, 7, 9, 11, 13: 5 failures, 56 passes; checks rate 56/61 = 0.918 > 0.9 passes.
    expect(metrics.checks).toMatchObject({ passes: 56, fails: 5, value: 56 / 61 });
    expect(result.stdout).toMatch(/checks_succeeded\.+: 91\.80% 56 out of 61/);

    // Per group (k6 tags setup()'s samples with group ::setup, so its check sits in a "setup" group).
    const checkCounts = (group: string) =>
      Object.fromEntries(Object.values(root.groups[group]?.checks ?? {}).map((c) => [c.name, [c.passes, c.fails]]));
    expect(Object.keys(root.groups)).toEqual(expect.arrayContaining(['setup', 'home', 'items', 'account']));
    expect(checkCounts('setup')).toEqual({ 'logged in': [1, 0] });
    expect(checkCounts('home')).toEqual({ 'home status is 200': [10, 0], 'home has the title': [10, 0] });
    expect(checkCounts('items')).toEqual({ 'item created': [10, 0], 'item id is even': [5, 5], 'item read back': [10, 0] });
    expect(checkCounts('account')).toEqual({ 'account is alice': [10, 0] });
    expect(root.groups.items?.checks['item id is even']?.id).toBe(k6Id('::items::item id is even'));

    // Custom metrics: one item created per iteration.
    expect(metrics.items_created?.count).toBe(10);
    expect(metrics.created_ok).toMatchObject({ passes: 10, fails: 0, value: 1 });

    // Verdicts: the items group's checks pass 25 of 30 (0.833), so 'checks{group:::items}' rate>0.9
    // fails; every other threshold passes. One failure → exit 99 and k6's error line.
    expect(verdicts(result.stdout)).toEqual({ ...TYPICAL_PASSING, 'checks{group:::items}: rate>0.9': false });
    expect(metrics['checks{group:::items}']).toMatchObject({ passes: 25, fails: 5, thresholds: { 'rate>0.9': true } });
    expect(result.exitCode, explain(result)).toBe(99);
    expect(parseLogLines(result.stderr).filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      "thresholds on metrics 'checks{group:::items}' have been crossed",
    ]);
  });

  it('with its own stages: counts that follow from the iteration count, as in k6', async () => {
    // The stages ramp 0→2 VUs over 1 s, hold 1 s, ramp down over 0.5 s (ramping-vus). How many
    // iterations fit is timing-dependent, but with N iterations k6's semantics fix the rest.
    const result = await run(TYPICAL);
    const { metrics } = result.summary;
    expect(result.stdout).toContain('Up to 2 looping VUs for 2.5s over 3 stages');

    const n = metrics.iterations?.count ?? 0;
    expect(n).toBeGreaterThan(0);
    // Ramping down lets VUs finish their iteration (gracefulRampDown 30s): none is interrupted.
    expect(result.stderr).toMatch(new RegExp(`${n} complete and 0 interrupted iterations`));
    expect(metrics.http_reqs?.count).toBe(1 + 5 * n);
    expect(metrics.items_created?.count).toBe(n);
    // Ids 4..3+n: ceil(n/2) are even.
    const even = Math.ceil(n / 2);
    expect(metrics.checks).toMatchObject({ passes: 1 + 5 * n + even, fails: n - even });
    expect(result.summary.root_group.groups.items?.checks['item id is even']).toMatchObject({ passes: even, fails: n - even });

    // The items group passes (2n + even) of 3n checks; the verdict follows from that ratio.
    const itemsPass = (2 * n + even) / (3 * n) > 0.9;
    const checksPass = (1 + 5 * n + even) / (1 + 6 * n) > 0.9;
    expect(verdicts(result.stdout)).toEqual({
      ...TYPICAL_PASSING,
      'checks: rate>0.9': checksPass,
      'checks{group:::items}: rate>0.9': itemsPass,
    });
    expect(result.exitCode, explain(result)).toBe(itemsPass && checksPass ? 0 : 99);
  });
});

describe('a k6 test with per-vu-iterations and shared-iterations scenarios, unchanged', () => {
  it('runs each scenario the number of times k6 would, with per-scenario and per-tag thresholds', async () => {
    const result = await run(SCENARIOS);
    const { metrics, root_group: root } = result.summary;
    expect(result.exitCode, explain(result)).toBe(0);

    // Both start at 0 s, so k6 needs 3 + 2 = 5 VUs.
    expect(result.stdout).toContain('2 scenarios, 5 max VUs');
    expect(result.stdout).toContain('browse: 4 iterations for each of 3 VUs');
    expect(result.stdout).toContain('buy: 5 iterations shared among 2 VUs');

    // per-vu-iterations: every one of the 3 VUs runs 4 iterations → 12; shared-iterations: 5 in
    // total, however the 2 VUs split them → 17 iterations.
    expect(metrics.iterations?.count).toBe(17);
    expect(metrics['iterations{scenario:browse}']?.count).toBe(12);
    expect(metrics['iterations{scenario:buy}']?.count).toBe(5);

    // browse: 1 request and 1 check per iteration; buy: 2 requests and 2 checks per iteration.
    // Scenario `tags` land on every sample of the scenario, so {flow:…} selects them.
    expect(metrics['http_reqs{flow:browse}']?.count).toBe(12);
    expect(metrics['http_reqs{flow:buy}']?.count).toBe(10);
    expect(metrics.http_reqs?.count).toBe(22);
    expect(metrics.checks).toMatchObject({ passes: 22, fails: 0 });
    expect(metrics.orders?.count).toBe(5);
    expect(Object.fromEntries(Object.values(root.checks).map((c) => [c.name, c.passes]))).toEqual({
      'listed 3 items': 12,
      'order placed': 5,
      'order readable': 5,
    });

    expect(Object.values(verdicts(result.stdout))).toEqual(Array(7).fill(true));
  });
});
