/**
 * Default option values (k6 `lib/options.go`, `internal/cmd/options.go` flag defaults and
 * `applyDefault` in `internal/cmd/config.go`). Scenario defaults live with the scenarios
 * (`scenarios.ts`); `scenarios` itself is derived from the shortcuts, never defaulted here.
 */
import type { ResolvedOptions, ResolvedRunConfig } from './options.js';
import { DEFAULT_SYSTEM_TAGS } from './option-values.js';

/** qk6's version; `test/unit/config/defaults.test.ts` keeps it equal to package.json. */
export const QK6_VERSION = '0.1.0';

/** The k6 version whose behaviour qk6 matches. */
export const K6_COMPAT_VERSION = '1.3.0';

/** Trend columns of the end-of-test summary (k6 `lib.DefaultSummaryTrendStats`). */
export const DEFAULT_SUMMARY_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

/** Defaults of every option except `scenarios`, which `consolidate.ts` derives. */
export const DEFAULT_OPTIONS: Readonly<Omit<ResolvedOptions, 'scenarios'>> = {
  paused: false,
  vus: 1,
  duration: null,
  iterations: null,
  stages: null,
  executionSegment: null,
  executionSegmentSequence: null,
  noSetup: false,
  setupTimeout: 60_000,
  noTeardown: false,
  teardownTimeout: 60_000,
  rps: 0,
  dns: { ttl: '5m', select: 'random', policy: 'preferIPv4' },
  maxRedirects: 10,
  // k6-compat: k6 sends `Grafana k6/<version>` (`internal/cmd/options.go`); qk6 names itself so
  // servers can tell the two apart. Scripts that need k6's exact string set `userAgent`.
  userAgent: `qk6/${QK6_VERSION} (k6-compatible)`,
  batch: 20,
  batchPerHost: 6,
  httpDebug: null,
  insecureSkipTLSVerify: false,
  tlsCipherSuites: null,
  tlsVersion: { min: null, max: null },
  tlsAuth: [],
  throw: false,
  thresholds: {},
  blacklistIPs: [],
  blockHostnames: [],
  hosts: {},
  noConnectionReuse: false,
  noVUConnectionReuse: false,
  minIterationDuration: 0,
  cloud: null,
  ext: {},
  summaryTrendStats: [...DEFAULT_SUMMARY_TREND_STATS],
  summaryTimeUnit: null,
  systemTags: [...DEFAULT_SYSTEM_TAGS],
  tags: {},
  metricSamplesBufferSize: 1000,
  noCookiesReset: false,
  discardResponseBodies: false,
  consoleOutput: null,
  localIPs: null,
};

/** Defaults of the run settings that share the config layers. */
export const DEFAULT_RUN_CONFIG: Readonly<ResolvedRunConfig> = {
  out: [],
  linger: false,
  noUsageReport: false,
  webDashboard: false,
  noArchiveUpload: false,
  collectors: {},
};
