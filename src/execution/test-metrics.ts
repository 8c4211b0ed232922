/**
 * A thread's metrics: the registry with k6's built-in metrics, the group/check tree, optionally the
 * per-group/scenario breakdown of the `full` summary, and the `SampleSink` VUs write to. Checks and
 * group durations also feed the group tree. A worker `rotate()`s them to ship what it gathered.
 */
import { GuestError } from '../vu/bridge-contract.js';
import { SummaryBreakdown } from '../metrics/breakdown.js';
import { registerBuiltinMetrics } from '../metrics/builtin.js';
import { GroupTree } from '../metrics/group-tree.js';
import type { MetricType, Tags, ValueType } from '../metrics/metric.js';
import { MetricRegistry } from '../metrics/registry.js';
import type { SampleSink } from '../vu/sample-sink.js';

export interface MetricAggregates {
  readonly registry: MetricRegistry;
  readonly groups: GroupTree;
  readonly breakdown: SummaryBreakdown | undefined;
}

export class TestMetrics implements SampleSink {
  private current: MetricAggregates;

  constructor(withBreakdown = false) {
    const registry = new MetricRegistry();
    registerBuiltinMetrics(registry);
    this.current = { registry, groups: new GroupTree(), breakdown: withBreakdown ? new SummaryBreakdown() : undefined };
    registry.setObserver(this.current.breakdown ?? null);
  }

  get registry(): MetricRegistry {
    return this.current.registry;
  }

  get groups(): GroupTree {
    return this.current.groups;
  }

  get breakdown(): SummaryBreakdown | undefined {
    return this.current.breakdown;
  }

  /** Keeps per-group/scenario aggregates from now on (the `full` summary needs them). */
  enableBreakdown(): void {
    if (this.current.breakdown !== undefined) return;
    this.current = { ...this.current, breakdown: new SummaryBreakdown() };
    this.current.registry.setObserver(this.current.breakdown ?? null);
  }

  /** Returns the aggregates so far and continues with empty ones that have the same definitions. */
  rotate(): MetricAggregates {
    const previous = this.current;
    const registry = new MetricRegistry();
    for (const metric of previous.registry) {
      registry.define(metric.name, metric.type, metric.valueType);
      for (const sub of metric.submetrics) registry.addSubmetric(metric.name, sub.name.slice(metric.name.length + 1, -1));
    }
    const breakdown = previous.breakdown === undefined ? undefined : new SummaryBreakdown();
    registry.setObserver(breakdown ?? null);
    this.current = { registry, groups: new GroupTree(), breakdown };
    return previous;
  }

  define(name: string, type: MetricType, valueType: ValueType): void {
    try {
      this.current.registry.define(name, type, valueType);
    } catch (error) {
      throw new GuestError(error instanceof Error ? error.message : String(error));
    }
  }

  add(metricName: string, value: number, tags: Tags): void {
    const { registry, groups } = this.current;
    const metric = registry.get(metricName);
    if (metric === undefined) return;
    registry.addTo(metric, value, tags);
    if (metricName === 'checks') groups.observeCheck(tags.group ?? '', tags.check ?? '', value !== 0);
    else if (metricName === 'group_duration') groups.observeGroup(tags.group ?? '');
  }
}
