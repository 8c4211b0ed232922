import type { TlsVersionName } from '../config/option-values.js';
import type { MetricType, Tags, ValueType } from '../metrics/metric.js';
import type { ClientCertificate } from '../net/client-certificates.js';

/** Where a VU is in its life: only `init` may call init-only APIs (open, new metrics, …). */
export type VuPhase = 'init' | 'setup' | 'iteration' | 'teardown' | 'summary';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The HTTP-related options a VU needs, resolved (k6 names). */
export interface VuHttpOptions {
  readonly maxRedirects: number;
  readonly userAgent: string;
  readonly throw: boolean;
  readonly discardResponseBodies: boolean;
  readonly insecureSkipTLSVerify: boolean;
  readonly batch: number;
  readonly batchPerHost: number;
  /** '' (off), 'headers' or 'full'. */
  readonly httpDebug: string;
  readonly noConnectionReuse: boolean;
  readonly noVUConnectionReuse: boolean;
  readonly noCookiesReset: boolean;
  // The connection options below are optional: absent means k6's default.
  /** `tlsVersion` bounds; null = the default (TLS 1.2 to 1.3). */
  readonly tlsVersion?: { readonly min: TlsVersionName | null; readonly max: TlsVersionName | null };
  /** `tlsCipherSuites` (k6's Go names); null = the default list. */
  readonly tlsCipherSuites?: readonly string[] | null;
  /** `tlsAuth`: client certificates (PEM), already checked by the config. */
  readonly tlsAuth?: readonly ClientCertificate[];
  /** `hosts`: name, `name:port` or `*.` pattern → IP or IP:port. */
  readonly hosts?: Readonly<Record<string, string>>;
  /** `blacklistIPs`: CIDR ranges no connection may go to. */
  readonly blacklistIPs?: readonly string[];
  /** `blockHostnames`: names (or `*.` patterns) no connection may go to. */
  readonly blockHostnames?: readonly string[];
  /** `rps`: this thread's share of the requests-per-second limit; 0 or absent = none. */
  readonly rps?: number;
}

/** `exec.instance` of k6/execution (whole-process totals; in a worker they lag by ≤ 250 ms). */
export interface InstanceInfo {
  readonly currentTestRunDuration: number;
  readonly iterationsCompleted: number;
  readonly iterationsInterrupted: number;
  readonly vusActive: number;
  readonly vusInitialized: number;
}

/** How k6/execution reaches the test: read totals, abort it (exit 108) or mark it failed (exit 110). */
export interface TestControl {
  instance(): InstanceInfo;
  abort(reason: string | undefined): void;
  fail(reason: string | undefined): void;
  /** `exec.test.options`: the consolidated options without the execution shortcuts. */
  readonly options: unknown;
}

/** The scenario a VU is running, as `exec.scenario` shows it. */
export interface ScenarioInfo {
  readonly name: string;
  readonly executor: string;
  /** Epoch ms when the scenario started. */
  readonly startTime: number;
  progress(): number;
  /** This iteration's number among all of the scenario's iterations (instance / test). */
  iterationInInstance: number;
  iterationInTest: number;
}

/** What k6/execution knows about a VU; the runner updates it as iterations start. */
export interface ExecutionInfo {
  scenario: ScenarioInfo | undefined;
  /** The VU's iterations so far in this instance / in its current scenario (0-based, during one). */
  iterationInInstance: number;
  iterationInScenario: number;
  readonly control: TestControl;
}

/**
 * What a host operation may know and do about the VU that called it. One per VU; host modules keep
 * their per-VU state in `state` under their own key.
 */
export interface VuHostContext {
  /** `__VU`: 1..N for VUs, 0 for the init-for-options, setup, teardown and handleSummary VUs. */
  readonly id: number;
  readonly phase: VuPhase;
  readonly http: VuHttpOptions;
  /** Directory of the main script, for resolving `open()` paths. */
  readonly scriptDir: string;
  /**
   * Records one sample. The host adds the run tags (`options.tags`) and the scenario tag; callers
   * pass the sample's own tags (group, method, status, …).
   */
  emit(metric: string, value: number, tags: Tags): void;
  /**
   * A sample's full tags: the run, scenario and VU tags with `tags` over them. Samples that share
   * tags (a request's eight) merge them once and record with {@link emitTagged}.
   */
  sampleTags(tags: Tags): Tags;
  /** Records one sample whose tags came from {@link sampleTags}. */
  emitTagged(metric: string, value: number, sampleTags: Tags): void;
  /** Logs a line; without `fields` it is the script's console (`source=console`), as k6 marks it. */
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, string>>): void;
  /** `__ENV` as this VU sees it. */
  readonly env: Readonly<Record<string, string>>;
  /** Declares a custom metric; throws (a message for the script) on a bad name or a type clash. */
  defineMetric(name: string, type: MetricType, valueType: ValueType): void;
  /** Aborted when the VU must stop at once (hard stop, end of gracefulStop); cancel I/O on it. */
  readonly signal: AbortSignal;
  /** Resolves after `ms`, or as soon as {@link signal} is aborted. */
  sleep(ms: number): Promise<undefined>;
  /** Per-VU state owned by host modules, keyed by module name. */
  readonly state: Map<string, unknown>;
  /** k6/execution's view of this VU. */
  readonly execution: ExecutionInfo;
  /** Tags `exec.vu.tags` added to every sample of this VU. */
  readonly vuTags: Record<string, string>;
  /** Stops the calling VU's script at once (after `exec.test.abort()`). */
  interruptSelf(): void;
}
