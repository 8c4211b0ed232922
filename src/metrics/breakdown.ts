/**
 * Per-group and per-scenario aggregates for the `full` summary mode (k6
 * internal/output/summary/output.go `flushSample`). Attach with `registry.setObserver(breakdown)`.
 *
 * As in k6: a sample tagged with a scenario other than `default` is aggregated in that scenario's
 * node; a sample with a non-empty `group` tag is also aggregated in the (nested) group node under
 * the scenario node, or under the root for the default scenario. Samples of the `setup` and
 * `teardown` pseudo-groups are skipped. Only top-level metrics are broken down (no submetrics).
 */
import type { Metric, MetricType, Tags, ValueType } from './metric.js';
import type { SampleObserver } from './registry.js';
import { createSink, mergeSink, type Sink } from './sinks/sink.js';
import { GROUP_SEPARATOR, type CheckTotals } from './group-tree.js';

/** One metric's aggregate inside a group or scenario. */
export interface BreakdownMetric {
  readonly name: string;
  readonly type: MetricType;
  readonly valueType: ValueType;
  readonly sink: Sink;
}

export class BreakdownNode {
  /** Metric aggregates of samples that belong to exactly this node. */
  readonly metrics = new Map<string, BreakdownMetric>();
  /** Nested groups in first-observed order. */
  readonly groups = new Map<string, BreakdownNode>();
  /** Check results of this node by check name, in first-observed order. */
  readonly checks = new Map<string, CheckTotals>();
  private readonly byGroupTag = new Map<string, BreakdownNode | null>();

  add(metric: Metric, value: number, tags: Tags, timeMs: number | undefined): void {
    let entry = this.metrics.get(metric.name);
    if (entry === undefined) {
      entry = { name: metric.name, type: metric.type, valueType: metric.valueType, sink: createSink(metric.type) };
      this.metrics.set(metric.name, entry);
    }
    entry.sink.add(value, timeMs);
    const checkName = tags.check;
    if (metric.name === 'checks' && checkName !== undefined) {
      let check = this.checks.get(checkName);
      if (check === undefined) {
        check = { name: checkName, passes: 0, fails: 0 };
        this.checks.set(checkName, check);
      }
      if (value === 0) check.fails++;
      else check.passes++;
    }
  }

  /** The nested subgroup `name`, created on first use. */
  group(name: string): BreakdownNode {
    let node = this.groups.get(name);
    if (node === undefined) {
      node = new BreakdownNode();
      this.groups.set(name, node);
    }
    return node;
  }

  /** The node for a `group` tag value (`::a::b`), or null for setup/teardown; cached per value. */
  forGroupTag(groupTag: string): BreakdownNode | null {
    const cached = this.byGroupTag.get(groupTag);
    if (cached !== undefined) return cached;
    const normalized = groupTag.startsWith(GROUP_SEPARATOR) ? groupTag.slice(GROUP_SEPARATOR.length) : groupTag;
    let node: BreakdownNode | null = null;
    if (normalized !== 'setup' && normalized !== 'teardown') {
      node = this;
      for (const name of normalized.split(GROUP_SEPARATOR)) node = node.group(name);
    }
    this.byGroupTag.set(groupTag, node);
    return node;
  }

  merge(other: BreakdownNode): void {
    for (const entry of other.metrics.values()) {
      let target = this.metrics.get(entry.name);
      if (target === undefined) {
        target = { name: entry.name, type: entry.type, valueType: entry.valueType, sink: createSink(entry.type) };
        this.metrics.set(entry.name, target);
      }
      mergeSink(target.sink, entry.sink);
    }
    for (const check of other.checks.values()) {
      const target = this.checks.get(check.name);
      if (target === undefined) this.checks.set(check.name, { ...check });
      else {
        target.passes += check.passes;
        target.fails += check.fails;
      }
    }
    for (const [name, group] of other.groups) this.group(name).merge(group);
  }
}

export class SummaryBreakdown implements SampleObserver {
  /** Groups of the default scenario hang off this node (its own metrics stay empty). */
  readonly root = new BreakdownNode();
  /** Non-default scenarios by name. */
  readonly scenarios = new Map<string, BreakdownNode>();

  observe(metric: Metric, value: number, tags: Tags, timeMs: number | undefined): void {
    let node = this.root;
    const scenario = tags.scenario;
    if (scenario !== undefined && scenario !== 'default') {
      node = this.scenario(scenario);
      node.add(metric, value, tags, timeMs);
    }
    const group = tags.group;
    if (group !== undefined && group.length > 0) {
      const groupNode = node.forGroupTag(group);
      if (groupNode !== null) groupNode.add(metric, value, tags, timeMs);
    }
  }

  scenario(name: string): BreakdownNode {
    let node = this.scenarios.get(name);
    if (node === undefined) {
      node = new BreakdownNode();
      this.scenarios.set(name, node);
    }
    return node;
  }

  merge(other: SummaryBreakdown): void {
    this.root.merge(other.root);
    for (const [name, node] of other.scenarios) this.scenario(name).merge(node);
  }
}
