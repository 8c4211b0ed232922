// check() and group() through the real CLI: pass/fail counts in the `checks` rate and per check in
// root_group, nested groups with k6's ids (md5 of the path), group_duration and its group
// submetrics, check tags, and how the text summary lists checks.
import { beforeAll, describe, expect, it } from 'vitest';
import type { SummaryExportGroup } from '../helpers/run-cli.js';
import { explain, k6Id, runWithExport, type ExportedRun } from './helpers/cli-test-kit.js';
import { reported } from './helpers/log-lines.js';
import { verdictOf } from './helpers/threshold-verdicts.js';

// 1 VU, 3 iterations, so __ITER is 0, 1, 2. Per iteration: 6 checks.
const SCRIPT = `
import { check, group } from 'k6';

export const options = {
  vus: 1,
  iterations: 3,
  summaryTrendStats: ['avg', 'min', 'max', 'count'],
  thresholds: {
    'checks{kind:tagged}': ['rate>0.6'],
    'checks{check:root ok}': ['rate==1'],
    'checks{group:::outer::inner}': ['rate<0.7'],
    'group_duration{group:::outer::inner}': ['max>=0'],
    'group_duration{group:::outer}': ['avg>=0'],
  },
};

export default function () {
  const allPassed = check(__ITER, { 'root ok': () => true });
  check(null, { 'literal true': true, 'literal false': false });
  try {
    check(null, { throws: () => { throw new Error('inside a check'); } });
  } catch (e) {
    console.log('rethrown ' + JSON.stringify(String(e.message)));
  }
  const returned = group('outer', () => {
    check(1, { 'in outer': (v) => v === 1 });
    group('inner', () => {
      check(__ITER, { 'even iter': (i) => i % 2 === 0 }, { kind: 'tagged' });
    });
    return 'from outer';
  });
  group('empty', () => {});
  console.log('results ' + JSON.stringify({ allPassed, returned }));
}
`;

describe('qk6 run: checks and groups', () => {
  let run: ExportedRun;
  let root: SummaryExportGroup;

  beforeAll(async () => {
    run = await runWithExport(SCRIPT);
    root = run.summary.root_group;
  });

  it('exits 0 (failing checks alone do not fail a test) with all thresholds passing', () => {
    expect(run.exitCode, explain(run)).toBe(0);
    expect(run.stderr).not.toContain('have been crossed');
  });

  it('counts every check evaluation in the checks rate: 11 passed, 7 failed', () => {
    // Per iteration: root ok ✓, literal true ✓, literal false ✗, throws ✗, in outer ✓, even iter ✓✗✓.
    expect(run.summary.metrics.checks).toMatchObject({ passes: 11, fails: 7, value: 11 / 18 });
  });

  it.each([
    ['root ok', '', 3, 0],
    ['literal true', '', 3, 0],
    ['literal false', '', 0, 3],
    ['throws', '', 0, 3],
    ['in outer', '::outer', 3, 0],
    ['even iter', '::outer::inner', 2, 1],
  ])('reports check %j in group %j with %i passes and %i fails, id = md5(path)', (name, groupPath, passes, fails) => {
    const group = groupPath.split('::').slice(1).reduce<SummaryExportGroup | undefined>((g, part) => g?.groups[part], root);
    const path = `${groupPath}::${name}`;
    expect(group?.checks[name]).toEqual({ name, path, id: k6Id(path), passes, fails });
  });

  it('nests groups by name with their paths and md5 ids, keeping a group without checks', () => {
    expect(root).toMatchObject({ name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e' });
    expect(Object.keys(root.groups).sort()).toEqual(['empty', 'outer']);
    expect(root.groups.outer).toMatchObject({ name: 'outer', path: '::outer', id: k6Id('::outer') });
    expect(root.groups.empty).toMatchObject({ name: 'empty', path: '::empty', id: k6Id('::empty'), groups: {}, checks: {} });
    expect(root.groups.outer?.groups.inner).toMatchObject({ name: 'inner', path: '::outer::inner', id: k6Id('::outer::inner'), groups: {} });
  });

  it('records a failed check when its condition throws, then rethrows the error', () => {
    expect(reported(run.stderr, 'rethrown')).toEqual(Array(3).fill('inside a check'));
  });

  it("returns the condition result from check() and the function's result from group()", () => {
    expect(reported(run.stderr, 'results')).toEqual(Array(3).fill({ allPassed: true, returned: 'from outer' }));
  });

  it.each([
    ['checks{kind:tagged}', 'rate>0.6'],
    ['checks{check:root ok}', 'rate==1'],
    ['checks{group:::outer::inner}', 'rate<0.7'],
    ['group_duration{group:::outer::inner}', 'max>=0'],
    ['group_duration{group:::outer}', 'avg>=0'],
  ])('selects samples by check tags and groups: %s passes %s', (metric, expression) => {
    expect(run.summary.metrics[metric]?.thresholds).toEqual({ [expression]: false });
    expect(verdictOf(run.stdout, metric, expression).passed).toBe(true);
  });

  it('emits group_duration for each group run (3 iterations × 3 groups)', () => {
    expect(run.summary.metrics.group_duration?.count).toBe(9);
    expect(run.summary.metrics['group_duration{group:::outer::inner}']?.count).toBe(3);
    expect(run.summary.metrics['group_duration{group:::outer}']?.count).toBe(3);
  });

  it('lists the checks in the text summary with their pass ratio', () => {
    expect(run.stdout).toMatch(/checks_total\.+: 18\s/);
    expect(run.stdout).toMatch(/checks_succeeded\.+: 61\.11% 11 out of 18/);
    expect(run.stdout).toMatch(/checks_failed\.+: 38\.88% 7 out of 18/);
    expect(run.stdout).toContain('✓ root ok');
    expect(run.stdout).toMatch(/✗ literal false\n\s+↳ {2}0% — ✓ 0 \/ ✗ 3/);
    expect(run.stdout).toMatch(/✗ even iter\n\s+↳ {2}66% — ✓ 2 \/ ✗ 1/);
  });
});
