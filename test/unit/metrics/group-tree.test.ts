import { describe, expect, it } from 'vitest';
import { GroupTree, groupOrCheckId } from '../../../src/metrics/group-tree.js';
import { SummaryBreakdown } from '../../../src/metrics/breakdown.js';
import { MetricRegistry } from '../../../src/metrics/registry.js';
import { registerBuiltinMetrics } from '../../../src/metrics/builtin.js';

describe('group tree', () => {
  it.each([
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['::g', '652e756c89643c3ada0b451cbd88a9d3'],
    ['::g::is one', 'b3a43844c3c44e7314205d423aeef17f'],
  ])('gives the path %j the k6 id %s', (path, id) => {
    expect(groupOrCheckId(path)).toBe(id);
  });

  it('creates nested groups from a path, keeping first-observed order', () => {
    const tree = new GroupTree();
    tree.observeGroup('::b');
    const inner = tree.observeGroup('::a::inner');
    expect(inner).toMatchObject({ name: 'inner', path: '::a::inner' });
    expect(inner.parent?.path).toBe('::a');
    expect([...tree.root.groups.keys()]).toEqual(['b', 'a']);
    expect(tree.observeGroup('')).toBe(tree.root);
  });

  it('counts check results per group with k6 check paths and ids', () => {
    const tree = new GroupTree();
    tree.observeCheck('::g', 'is one', true);
    tree.observeCheck('::g', 'is one', true);
    tree.observeCheck('::g', 'is one', false);
    tree.observeCheck('', 'top', true);
    expect(tree.observeGroup('::g').checks.get('is one')).toEqual({
      name: 'is one',
      path: '::g::is one',
      id: 'b3a43844c3c44e7314205d423aeef17f',
      passes: 2,
      fails: 1,
    });
    expect(tree.root.checks.get('top')?.path).toBe('::top');
  });

  it('totals same-named checks across groups in first-observed order', () => {
    const tree = new GroupTree();
    tree.observeCheck('::b', 'is 200', true);
    tree.observeCheck('', 'is 404', false);
    tree.observeCheck('::a', 'is 200', false);
    expect(tree.checkTotals()).toEqual([
      { name: 'is 200', passes: 1, fails: 1 },
      { name: 'is 404', passes: 0, fails: 1 },
    ]);
  });

  it('merges another tree', () => {
    const a = new GroupTree();
    const b = new GroupTree();
    a.observeCheck('::g', 'c', true);
    b.observeCheck('::g', 'c', false);
    b.observeCheck('::h::i', 'd', true);
    a.merge(b);
    expect(a.observeGroup('::g').checks.get('c')).toMatchObject({ passes: 1, fails: 1 });
    expect(a.observeGroup('::h::i').checks.get('d')).toMatchObject({ passes: 1, fails: 0 });
    expect(a.checkTotals().map((t) => t.name)).toEqual(['c', 'd']);
  });
});

describe('summary breakdown', () => {
  function run(): SummaryBreakdown {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    const breakdown = new SummaryBreakdown();
    registry.setObserver(breakdown);
    registry.add('iterations', 1, { scenario: 'default', group: '' });
    registry.add('http_reqs', 1, { scenario: 'default', group: '::api' });
    registry.add('checks', 0, { scenario: 'default', group: '::api::login', check: 'ok' });
    registry.add('http_reqs', 1, { scenario: 'smoke', group: '::api' });
    registry.add('http_reqs', 1, { scenario: 'smoke', group: '::setup' });
    return breakdown;
  }

  it('puts default-scenario group samples under the root, innermost group only', () => {
    const breakdown = run();
    const api = breakdown.root.groups.get('api');
    expect([...(api?.metrics.keys() ?? [])]).toEqual(['http_reqs']);
    expect(api?.groups.get('login')?.checks.get('ok')).toEqual({ name: 'ok', passes: 0, fails: 1 });
    expect(breakdown.root.metrics.size).toBe(0);
  });

  it('aggregates other scenarios in their own node, with their groups nested and setup skipped', () => {
    const breakdown = run();
    const smoke = breakdown.scenarios.get('smoke');
    expect(smoke?.metrics.get('http_reqs')?.sink.toState()).toMatchObject({ value: 2 });
    expect([...(smoke?.groups.keys() ?? [])]).toEqual(['api']);
  });

  it('merges breakdowns', () => {
    const a = run();
    a.merge(run());
    expect(a.scenarios.get('smoke')?.metrics.get('http_reqs')?.sink.toState()).toMatchObject({ value: 4 });
    expect(a.root.groups.get('api')?.groups.get('login')?.checks.get('ok')?.fails).toBe(2);
  });
});
