/**
 * The `K6_*` environment layer (k6 `readEnvConfig`, envconfig over `lib.Options` + `cmd.Config`).
 * A variable that is present but empty is decoded like k6 does: scalars become unset, lists
 * become explicitly empty (so `K6_STAGES=` still overrides lower layers' shortcuts).
 *
 * The table is typed against `LayerOptions`: every option names its variable, or `null` with the
 * reason it has none.
 */
import type { ValidationIssue } from '../errors/errors.js';
import { tryParseDuration, type DurationInput } from './duration.js';
import { checkCidr, checkCipherSuite, checkHostnamePattern, checkSummaryTimeUnit } from './option-values.js';
import type { LayerOptions, SummaryTimeUnit } from './options.js';
import { parseStagesEnv } from './stage.js';
import {
  parseBoolText,
  parseDnsText,
  parseIntText,
  parseListText,
  parseMapText,
  type TextResult,
} from './text-values.js';

interface EnvSpec<T> {
  name: string;
  parse: (text: string, name: string) => TextResult<T>;
}

type EnvTable = { [K in keyof LayerOptions]-?: EnvSpec<NonNullable<LayerOptions[K]>> | null };

const ok = <T>(value: T | undefined): TextResult<T> => ({ ok: true, value });

const bool = (name: string): EnvSpec<boolean> => ({ name, parse: parseBoolText });
const int = (name: string): EnvSpec<number> => ({ name, parse: parseIntText });
const text = (name: string): EnvSpec<string> => ({ name, parse: (value) => ok(value === '' ? undefined : value) });
const duration = (name: string): EnvSpec<DurationInput> => ({
  name,
  parse: (value) => {
    if (value === '') return ok(undefined);
    const parsed = tryParseDuration(value);
    return parsed.ok ? ok(value) : parsed;
  },
});
const list = (name: string, check?: (item: string) => string | undefined): EnvSpec<string[]> => ({
  name,
  parse: (value) => {
    const items = parseListText(value);
    for (const item of items) {
      const problem = check?.(item);
      if (problem !== undefined) return { ok: false, message: problem };
    }
    return ok(items);
  },
});

/** Which `K6_*` variable sets each option. */
export const ENV_OPTIONS: EnvTable = {
  paused: bool('K6_PAUSED'),
  vus: int('K6_VUS'),
  duration: duration('K6_DURATION'),
  iterations: int('K6_ITERATIONS'),
  stages: {
    name: 'K6_STAGES',
    parse: (value, name) => {
      const { stages, issues } = parseStagesEnv(value, name);
      return issues.length === 0 ? ok(stages) : { ok: false, message: issues.map((issue) => issue.message).join('; ') };
    },
  },
  scenarios: null, // k6: `ignored:"true"`
  executionSegment: null, // k6: `ignored:"true"` (envconfig bug kelseyhightower/envconfig#113)
  executionSegmentSequence: null, // k6: `ignored:"true"`
  noSetup: bool('K6_NO_SETUP'),
  setupTimeout: duration('K6_SETUP_TIMEOUT'),
  noTeardown: bool('K6_NO_TEARDOWN'),
  teardownTimeout: duration('K6_TEARDOWN_TIMEOUT'),
  rps: int('K6_RPS'),
  dns: { name: 'K6_DNS', parse: parseDnsText },
  maxRedirects: int('K6_MAX_REDIRECTS'),
  userAgent: text('K6_USER_AGENT'),
  batch: int('K6_BATCH'),
  batchPerHost: int('K6_BATCH_PER_HOST'),
  httpDebug: text('K6_HTTP_DEBUG'),
  insecureSkipTLSVerify: bool('K6_INSECURE_SKIP_TLS_VERIFY'),
  // k6-compat: k6's envconfig decodes K6_TLS_CIPHER_SUITES as numeric suite IDs (the field is a
  // []uint16 without a text decoder); we take the same names as the script option.
  tlsCipherSuites: list('K6_TLS_CIPHER_SUITES', checkCipherSuite),
  tlsVersion: null, // k6: `ignored:"true"`
  tlsAuth: null, // k6 declares K6_TLSAUTH but envconfig cannot decode its structs; it never takes effect
  throw: bool('K6_THROW'),
  // TODO: K6_THRESHOLDS. k6 declares it, but envconfig cannot decode metrics.Thresholds (it yields
  // empty threshold sets), so no k6 user relies on it; revisit if k6 fixes it.
  thresholds: null,
  blacklistIPs: list('K6_BLACKLIST_IPS', checkCidr),
  blockHostnames: {
    name: 'K6_BLOCK_HOSTNAMES',
    parse: (value) => (value === '' ? ok(undefined) : list('', checkHostnamePattern).parse(value, '')),
  },
  hosts: null, // k6 declares K6_HOSTS, but envconfig cannot decode NullHosts; it never takes effect
  noConnectionReuse: bool('K6_NO_CONNECTION_REUSE'),
  noVUConnectionReuse: bool('K6_NO_VU_CONNECTION_REUSE'),
  minIterationDuration: duration('K6_MIN_ITERATION_DURATION'),
  cloud: null, // script/config file only
  ext: null, // k6: `ignored:"true"`
  summaryTrendStats: list('K6_SUMMARY_TREND_STATS'),
  summaryTimeUnit: {
    name: 'K6_SUMMARY_TIME_UNIT',
    parse: (value) => {
      if (value === '') return ok(undefined);
      const problem = checkSummaryTimeUnit(value);
      return problem === undefined ? ok(value as SummaryTimeUnit) : { ok: false, message: problem };
    },
  },
  systemTags: {
    name: 'K6_SYSTEM_TAGS',
    parse: (value) => ok(value.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '')),
  },
  tags: { name: 'K6_TAGS', parse: parseMapText },
  metricSamplesBufferSize: int('K6_METRIC_SAMPLES_BUFFER_SIZE'),
  noCookiesReset: bool('K6_NO_COOKIES_RESET'),
  discardResponseBodies: bool('K6_DISCARD_RESPONSE_BODIES'),
  consoleOutput: text('K6_CONSOLE_OUTPUT'),
  localIPs: text('K6_LOCAL_IPS'),
  out: list('K6_OUT'),
  linger: bool('K6_LINGER'),
  noUsageReport: bool('K6_NO_USAGE_REPORT'),
  webDashboard: bool('K6_WEB_DASHBOARD'),
  noArchiveUpload: bool('K6_NO_ARCHIVE_UPLOAD'),
  collectors: null, // config file only
};

function readOne<K extends keyof LayerOptions>(key: K, env: Readonly<Record<string, string | undefined>>, options: LayerOptions, issues: ValidationIssue[]): void {
  const spec = ENV_OPTIONS[key];
  if (spec === null) return;
  const raw = env[spec.name];
  if (raw === undefined) return;
  const result = spec.parse(raw, spec.name);
  if (!result.ok) issues.push({ path: spec.name, message: result.message });
  else if (result.value !== undefined) options[key] = result.value as LayerOptions[K];
}

/**
 * Reads every `K6_*` option variable from `env` (pass the process environment from `src/cli`).
 * Issue paths are the variable names; bad values are left out of `options`.
 */
export function readEnvOptions(env: Readonly<Record<string, string | undefined>>): { options: LayerOptions; issues: ValidationIssue[] } {
  const options: LayerOptions = {};
  const issues: ValidationIssue[] = [];
  for (const key of Object.keys(ENV_OPTIONS) as (keyof LayerOptions)[]) readOne(key, env, options, issues);
  return { options, issues };
}
