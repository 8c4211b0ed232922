/**
 * Aggregates in a form that crosses threads (structured-clone friendly): what a worker ships to
 * the main thread every flush. A snapshot holds only what changed since the last one — the worker
 * starts fresh aggregates after each — so merging snapshots in any order gives exact totals.
 */
import { BreakdownNode, SummaryBreakdown } from './breakdown.js';
import type { GroupNode, GroupTree } from './group-tree.js';
import type { MetricType, ValueType } from './metric.js';
import type { MetricRegistry } from './registry.js';
import { mergeSink, sinkFromState, type SinkState } from './sinks/sink.js';

interface MetricSnapshot {
  readonly name: string;
  readonly type: MetricType;
  readonly valueType: ValueType;
  readonly state: SinkState;
  /** Submetrics with samples: selector text (`status:200`) → state. */
  readonly submetrics: ReadonlyArray<readonly [string, SinkState]>;
}

interface CheckSnapshot {
  readonly group: string;
  readonly name: string;
  readonly passes: number;
  readonly fails: number;
}

interface BreakdownNodeSnapshot {
  readonly metrics: ReadonlyArray<{ name: string; type: MetricType; valueType: ValueType; state: SinkState }>;
  readonly checks: ReadonlyArray<{ name: string; passes: number; fails: number }>;
  readonly groups: ReadonlyArray<readonly [string, BreakdownNodeSnapshot]>;
}

export interface MetricsSnapshot {
  readonly metrics: readonly MetricSnapshot[];
  /** Every group path seen (so groups without checks still appear in the summary). */
  readonly groups: readonly string[];
  readonly checks: readonly CheckSnapshot[];
  readonly breakdown?: { root: BreakdownNodeSnapshot; scenarios: ReadonlyArray<readonly [string, BreakdownNodeSnapshot]> };
}

export function snapshotMetrics(registry: MetricRegistry, groups: GroupTree, breakdown: SummaryBreakdown | undefined): MetricsSnapshot {
  const metrics: MetricSnapshot[] = [];
  for (const metric of registry) {
    const submetrics: Array<readonly [string, SinkState]> = [];
    for (const sub of metric.submetrics) {
      if (!sub.sink.isEmpty()) submetrics.push([sub.name.slice(metric.name.length + 1, -1), sub.sink.toState()]);
    }
    if (metric.sink.isEmpty() && submetrics.length === 0) continue;
    metrics.push({ name: metric.name, type: metric.type, valueType: metric.valueType, state: metric.sink.toState(), submetrics });
  }
  const groupPaths: string[] = [];
  const checks: CheckSnapshot[] = [];
  const visit = (node: GroupNode): void => {
    if (node.path !== '') groupPaths.push(node.path);
    for (const check of node.checks.values()) checks.push({ group: node.path, name: check.name, passes: check.passes, fails: check.fails });
    for (const child of node.groups.values()) visit(child);
  };
  visit(groups.root);
  const snapshot: MetricsSnapshot = { metrics, groups: groupPaths, checks };
  if (breakdown === undefined) return snapshot;
  return {
    ...snapshot,
    breakdown: {
      root: snapshotNode(breakdown.root),
      scenarios: [...breakdown.scenarios].map(([name, node]) => [name, snapshotNode(node)] as const),
    },
  };
}

export function mergeSnapshot(
  snapshot: MetricsSnapshot,
  registry: MetricRegistry,
  groups: GroupTree,
  breakdown: SummaryBreakdown | undefined,
): void {
  for (const metric of snapshot.metrics) {
    const target = registry.define(metric.name, metric.type, metric.valueType);
    mergeSink(target.sink, sinkFromState(metric.state));
    for (const [selector, state] of metric.submetrics) {
      mergeSink(registry.addSubmetric(metric.name, selector).sink, sinkFromState(state));
    }
  }
  for (const path of snapshot.groups) groups.observeGroup(path);
  for (const check of snapshot.checks) {
    if (check.passes > 0) groups.observeCheck(check.group, check.name, true, check.passes);
    if (check.fails > 0) groups.observeCheck(check.group, check.name, false, check.fails);
    if (check.passes === 0 && check.fails === 0) groups.observeGroup(check.group).check(check.name);
  }
  if (breakdown !== undefined && snapshot.breakdown !== undefined) {
    const incoming = new SummaryBreakdown();
    restoreNode(incoming.root, snapshot.breakdown.root);
    for (const [name, node] of snapshot.breakdown.scenarios) restoreNode(incoming.scenario(name), node);
    breakdown.merge(incoming);
  }
}

function snapshotNode(node: BreakdownNode): BreakdownNodeSnapshot {
  return {
    metrics: [...node.metrics.values()].map((m) => ({ name: m.name, type: m.type, valueType: m.valueType, state: m.sink.toState() })),
    checks: [...node.checks.values()].map((c) => ({ ...c })),
    groups: [...node.groups].map(([name, child]) => [name, snapshotNode(child)] as const),
  };
}

function restoreNode(target: BreakdownNode, snapshot: BreakdownNodeSnapshot): void {
  for (const metric of snapshot.metrics) {
    target.metrics.set(metric.name, { name: metric.name, type: metric.type, valueType: metric.valueType, sink: sinkFromState(metric.state) });
  }
  for (const check of snapshot.checks) target.checks.set(check.name, { ...check });
  for (const [name, child] of snapshot.groups) restoreNode(target.group(name), child);
}
