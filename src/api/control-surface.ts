/**
 * The narrow surface the REST API may use (k6 `api/v1/control_surface.go`): the run's live
 * control (status, pause/resume, scaling, stop, setup data) and read-only views of the metrics,
 * thresholds and group tree. The API never touches workers, VUs or the engine directly.
 */
import type { ScaleRequest } from '../execution/scale-plan.js';
import type { RunControl, RunStatus } from '../execution/run-control.js';
import type { TestMetrics } from '../execution/test-metrics.js';
import type { RunState } from '../execution/run-state.js';
import type { GroupNode } from '../metrics/group-tree.js';
import type { Metric } from '../metrics/metric.js';
import type { Thresholds } from '../thresholds/thresholds.js';

/** `GET /v1/status` attributes (k6 `v1.Status`). */
export interface StatusView extends RunStatus {
  /** Some threshold is failing. */
  readonly tainted: boolean;
}

/** A metric as `GET /v1/metrics` shows it. */
export interface MetricView {
  readonly metric: Metric;
  /** true/false once its thresholds were evaluated; null without thresholds (k6 `Metric.Tainted`). */
  readonly tainted: boolean | null;
}

export interface ControlSurface {
  status(): StatusView;
  setPaused(paused: boolean): Promise<void>;
  scale(request: ScaleRequest): Promise<void>;
  stop(): void;
  /** Observed metrics and submetrics (received samples or carry thresholds), in definition order. */
  metrics(): MetricView[];
  /** Test time so far (a counter's `rate` divides by it). */
  elapsedMs(): number;
  /** The root of the group tree (path ""). */
  rootGroup(): GroupNode;
  setupData(): string | undefined;
  setSetupData(json: string | undefined): void;
  runSetup(): Promise<string | undefined>;
  runTeardown(): Promise<void>;
}

export interface ControlSurfaceSources {
  readonly control: RunControl;
  readonly state: RunState;
  readonly metrics: TestMetrics;
  readonly thresholds: Thresholds | undefined;
}

/** The surface over one run. */
export function createControlSurface({ control, state, metrics, thresholds }: ControlSurfaceSources): ControlSurface {
  const taintedOf = (metric: Metric): boolean | null => {
    const set = thresholds?.forMetric(metric.name);
    if (set === undefined) return null;
    const evaluated = set.thresholds.some((threshold) => threshold.lastFailed || threshold.lastValue !== undefined);
    return evaluated ? set.thresholds.some((threshold) => threshold.lastFailed) : null;
  };
  return {
    status: () => ({
      ...control.snapshot(),
      tainted: thresholds?.metrics.some((set) => set.thresholds.some((threshold) => threshold.lastFailed)) ?? false,
    }),
    setPaused: (paused) => control.setPaused(paused),
    scale: (request) => control.scale(request),
    stop: () => control.stop(),
    metrics: () => metrics.registry.all().filter((metric) => metric.observed).map((metric) => ({ metric, tainted: taintedOf(metric) })),
    elapsedMs: () => Math.max(0, state.elapsedMs()),
    rootGroup: () => metrics.groups.root,
    setupData: () => control.setupDataJson,
    setSetupData: (json) => {
      control.setupDataJson = json;
    },
    runSetup: () => control.runSetup(),
    runTeardown: () => control.runTeardown(),
  };
}
