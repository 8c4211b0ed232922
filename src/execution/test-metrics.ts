/**
 * The test's metrics on the main thread: the registry with k6's built-in metrics, the group/check
 * tree, and the `SampleSink` VUs write to. Checks and group durations also feed the group tree.
 */
import { GuestError } from '../vu/bridge-contract.js';
import { registerBuiltinMetrics } from '../metrics/builtin.js';
import { GroupTree } from '../metrics/group-tree.js';
import type { MetricType, Tags, ValueType } from '../metrics/metric.js';
import { MetricRegistry } from '../metrics/registry.js';
import type { SampleSink } from '../vu/sample-sink.js';

export class TestMetrics implements SampleSink {
  readonly registry = new MetricRegistry();
  readonly groups = new GroupTree();

  constructor() {
    registerBuiltinMetrics(this.registry);
  }

  define(name: string, type: MetricType, valueType: ValueType): void {
    try {
      this.registry.define(name, type, valueType);
    } catch (error) {
      throw new GuestError(error instanceof Error ? error.message : String(error));
    }
  }

  add(metricName: string, value: number, tags: Tags): void {
    const metric = this.registry.get(metricName);
    if (metric === undefined) return;
    this.registry.addTo(metric, value, tags);
    if (metricName === 'checks') this.groups.observeCheck(tags.group ?? '', tags.check ?? '', value !== 0);
    else if (metricName === 'group_duration') this.groups.observeGroup(tags.group ?? '');
  }
}
