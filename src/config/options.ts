/**
 * The two shapes of qk6 options (k6 `lib/options.go`):
 *
 * - {@link Options}: what users write in `export const options`, the config file, `K6_*`
 *   variables and CLI flags. Everything is optional; `undefined` means "not set here".
 * - {@link ResolvedOptions}: the single consolidated result (see `consolidate.ts`). Nothing is
 *   optional; durations are milliseconds; `null` marks options k6 has no default for.
 *
 * Defaults live in `defaults.ts`.
 */
import type { DurationInput } from './duration.js';
import type { DnsPolicy, DnsSelect, SystemTagName, TlsVersionName } from './option-values.js';
import type { ResolvedScenario, ResolvedStage, ScenarioOptions, StageOptions } from './scenario-types.js';

/** `dns` option: resolver cache TTL, which address to pick, and address-family policy. */
export interface DnsOptions {
  /** `"inf"`, `"0"` (no cache) or a duration (milliseconds when unitless). @default "5m" */
  ttl?: string;
  /** @default "random" */
  select?: DnsSelect;
  /** @default "preferIPv4" */
  policy?: DnsPolicy;
}

/** `tlsVersion`: one version for both bounds, or `{min, max}`; `""` means any. */
export type TlsVersionOptions = TlsVersionName | '' | { min?: TlsVersionName | ''; max?: TlsVersionName | '' };

/** One `tlsAuth` entry: a client certificate presented to matching domains. */
export interface TlsAuthOptions {
  /** PEM certificate. */
  cert: string;
  /** PEM private key. */
  key: string;
  /** Password of an encrypted key. */
  password?: string;
  /** Domains (wildcards like `*.example.com` allowed) to present the certificate to. */
  domains?: string[];
}

/** `summaryTimeUnit` values. */
export type SummaryTimeUnit = 's' | 'ms' | 'us';

/** Options as users write them. Every key is optional; `undefined` = not set in this layer. */
export interface Options {
  /** Start the test paused (resume through the REST API). @default false */
  paused?: boolean;
  /** VUs for the shortcut executors (and `startVUs` of `stages`). @default 1 */
  vus?: number;
  /** Shortcut: constant-vus for this long (or the maxDuration of `iterations`). @default undefined */
  duration?: DurationInput;
  /** Shortcut: shared-iterations with this many iterations in total. @default undefined */
  iterations?: number;
  /** Shortcut: ramping-vus with these stages. @default undefined */
  stages?: StageOptions[];
  /** Named scenarios. @default derived from the shortcuts (1 VU × 1 iteration when none) */
  scenarios?: Record<string, ScenarioOptions>;
  /** Part of the test this instance runs (`1/3`, `50%`, `0:0.5`). @default "0:1" */
  executionSegment?: string;
  /** All segments of a distributed run (`0,1/3,2/3,1`). @default undefined */
  executionSegmentSequence?: string;
  /** Skip `setup()`. @default false */
  noSetup?: boolean;
  /** @default "60s" */
  setupTimeout?: DurationInput;
  /** Skip `teardown()`. @default false */
  noTeardown?: boolean;
  /** @default "60s" */
  teardownTimeout?: DurationInput;
  /** Global HTTP requests-per-second limit; 0 = unlimited. @default 0 */
  rps?: number;
  /** @default { ttl: "5m", select: "random", policy: "preferIPv4" } */
  dns?: DnsOptions;
  /** @default 10 */
  maxRedirects?: number;
  /** @default "qk6/<version> (k6-compatible)" (k6: "Grafana k6/<version>") */
  userAgent?: string;
  /** Max parallel requests of one `http.batch()`. @default 20 */
  batch?: number;
  /** Max parallel requests per host of one `http.batch()`. @default 6 */
  batchPerHost?: number;
  /** Log requests/responses: `"headers"` or `"full"` (with bodies); `""` = off. @default "" */
  httpDebug?: string;
  /** @default false */
  insecureSkipTLSVerify?: boolean;
  /** Allowed cipher suites, by Go name (`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`). @default runtime default */
  tlsCipherSuites?: string[];
  /** @default any version */
  tlsVersion?: TlsVersionOptions;
  /** Client certificates. @default [] */
  tlsAuth?: TlsAuthOptions[];
  /** Turn warnings (failed requests, bad metric values) into exceptions. @default false */
  throw?: boolean;
  /** Raw thresholds (`{ metric: ["p(95)<200", {threshold, abortOnFail}] }`), parsed elsewhere. @default {} */
  thresholds?: Record<string, unknown>;
  /** CIDR ranges requests may not reach. @default [] */
  blacklistIPs?: string[];
  /** Hostname patterns (`*.example.com`) requests may not reach. @default [] */
  blockHostnames?: string[];
  /** Host overrides: `{"name[:port]" or "*.wild": "ip[:port]"}`. @default {} */
  hosts?: Record<string, string>;
  /** Disable keep-alive. @default false */
  noConnectionReuse?: boolean;
  /** Close connections between iterations. @default false */
  noVUConnectionReuse?: boolean;
  /** Each iteration lasts at least this long. @default 0 */
  minIterationDuration?: DurationInput;
  /** k6 Cloud settings (kept raw). @default undefined */
  cloud?: Record<string, unknown>;
  /** Settings for third-party outputs (`ext.loadimpact`…; kept raw). @default {} */
  ext?: Record<string, unknown>;
  /** Trend columns in the summary. @default ["avg","min","med","max","p(90)","p(95)"] */
  summaryTrendStats?: string[];
  /** Fixed time unit for trend values in the summary; unset = automatic. @default undefined */
  summaryTimeUnit?: SummaryTimeUnit;
  /** System tags to attach to samples (unknown names are ignored, as in k6). @default the k6 default set */
  systemTags?: string[];
  /** Tags added to every sample. @default {} */
  tags?: Record<string, string>;
  /** @default 1000 */
  metricSamplesBufferSize?: number;
  /** Keep the cookie jar between iterations. @default false */
  noCookiesReset?: boolean;
  /** Read and drop response bodies (`res.body` is null). @default false */
  discardResponseBodies?: boolean;
  /** Redirect console output to this file. CLI/env only (not settable from the script). @default undefined */
  consoleOutput?: string;
  /** Local IPs/ranges/CIDRs VUs send from. CLI/env only (not settable from the script). @default undefined */
  localIPs?: string;
}

/**
 * Settings that are not script options but share the config file, `K6_*` variables and flags
 * (k6 `internal/cmd/config.go` `Config`).
 */
export interface RunConfigOptions {
  /** Outputs (`-o`, `K6_OUT`), `type[=arg]`. @default [] */
  out?: string[];
  /** Keep the REST API up after the test. @default false */
  linger?: boolean;
  /** @default false */
  noUsageReport?: boolean;
  /** Add the web-dashboard output. @default false */
  webDashboard?: boolean;
  /** @default false */
  noArchiveUpload?: boolean;
  /** Per-output raw settings (deprecated in k6, kept raw). @default {} */
  collectors?: Record<string, unknown>;
}

/** One configuration layer: options plus run settings (the script only ever sets options). */
export type LayerOptions = Options & RunConfigOptions;

/** `dns` with defaults applied. */
export interface ResolvedDns {
  ttl: string;
  select: DnsSelect;
  policy: DnsPolicy;
}

/** Both bounds null means any version. */
export interface ResolvedTlsVersion {
  min: TlsVersionName | null;
  max: TlsVersionName | null;
}

/** One `tlsAuth` entry with defaults applied. */
export interface ResolvedTlsAuth {
  cert: string;
  key: string;
  password: string | null;
  domains: string[];
}

/** Consolidated options: defaults applied, shortcuts turned into `scenarios`, all validated. */
export interface ResolvedOptions {
  paused: boolean;
  vus: number;
  /** The shortcut as consolidated (already reflected in `scenarios`). */
  duration: number | null;
  iterations: number | null;
  stages: ResolvedStage[] | null;
  /** Always filled, by the user or by shortcut derivation. */
  scenarios: Record<string, ResolvedScenario>;
  /** null = the whole test (`0:1`). */
  executionSegment: string | null;
  executionSegmentSequence: string | null;
  noSetup: boolean;
  setupTimeout: number;
  noTeardown: boolean;
  teardownTimeout: number;
  /** 0 = unlimited. */
  rps: number;
  dns: ResolvedDns;
  maxRedirects: number;
  userAgent: string;
  batch: number;
  batchPerHost: number;
  /** null = off; any non-empty value other than "full" behaves as "headers", as in k6. */
  httpDebug: 'headers' | 'full' | null;
  insecureSkipTLSVerify: boolean;
  /** null = the runtime's default list. */
  tlsCipherSuites: string[] | null;
  tlsVersion: ResolvedTlsVersion;
  tlsAuth: ResolvedTlsAuth[];
  throw: boolean;
  thresholds: Record<string, unknown>;
  blacklistIPs: string[];
  blockHostnames: string[];
  hosts: Record<string, string>;
  noConnectionReuse: boolean;
  noVUConnectionReuse: boolean;
  minIterationDuration: number;
  cloud: Record<string, unknown> | null;
  ext: Record<string, unknown>;
  summaryTrendStats: string[];
  /** null = automatic. */
  summaryTimeUnit: SummaryTimeUnit | null;
  /** Known system tags only, in k6's order. */
  systemTags: SystemTagName[];
  tags: Record<string, string>;
  metricSamplesBufferSize: number;
  noCookiesReset: boolean;
  discardResponseBodies: boolean;
  consoleOutput: string | null;
  localIPs: string | null;
}

/** Consolidated run settings. */
export interface ResolvedRunConfig {
  out: string[];
  linger: boolean;
  noUsageReport: boolean;
  webDashboard: boolean;
  noArchiveUpload: boolean;
  collectors: Record<string, unknown>;
}
