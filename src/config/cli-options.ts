/**
 * The CLI-flag layer of `qk6 run` (k6 `internal/cmd/options.go` `getOptions`, `config.go`
 * `getConfig`), plus `-e/--env` pairs (`runtime_options.go`). Only flags the user actually passed
 * become options: k6's flag defaults are "shadow" values that never override other layers.
 *
 * Flag values follow pflag: durations use Go syntax only (`-d 1000` is an error, write `1s`),
 * integers are Go integer literals, list flags are comma-separated and repeatable.
 */
import type { ValidationIssue } from '../errors/errors.js';
import { tryParseGoDuration } from './duration.js';
import { checkCidr, checkHostnamePattern, checkSummaryTimeUnit, checkTrendStat } from './option-values.js';
import type { LayerOptions, SummaryTimeUnit } from './options.js';
import { parseStageFlags } from './stage.js';
import { parseDnsText } from './text-values.js';

/**
 * Parsed flag values of `run`, as typed by the user. A key is present only when its flag was
 * passed. Boolean flags are `true` when given (`noSetup: true` for `--no-setup`; map commander's
 * `--no-*` negation to these names). `httpDebug` is `true` for a bare `--http-debug`.
 */
export interface CliFlagValues {
  vus?: string | number;
  duration?: string;
  iterations?: string | number;
  stage?: readonly string[];
  executionSegment?: string;
  executionSegmentSequence?: string;
  paused?: boolean;
  noSetup?: boolean;
  noTeardown?: boolean;
  maxRedirects?: string | number;
  batch?: string | number;
  batchPerHost?: string | number;
  rps?: string | number;
  userAgent?: string;
  httpDebug?: string | boolean;
  insecureSkipTlsVerify?: boolean;
  noConnectionReuse?: boolean;
  noVUConnectionReuse?: boolean;
  minIterationDuration?: string;
  throw?: boolean;
  blacklistIp?: string | readonly string[];
  blockHostnames?: string | readonly string[];
  summaryTrendStats?: string | readonly string[];
  summaryTimeUnit?: string;
  systemTags?: string | readonly string[];
  tag?: readonly string[];
  consoleOutput?: string;
  discardResponseBodies?: boolean;
  localIps?: string;
  dns?: string;
  out?: readonly string[];
  linger?: boolean;
  noUsageReport?: boolean;
}

/** The flag that sets each option, or null when no flag does (k6 has the same gaps). */
export const CLI_FLAGS: { [K in keyof LayerOptions]-?: string | null } = {
  paused: '-p, --paused',
  vus: '-u, --vus',
  duration: '-d, --duration',
  iterations: '-i, --iterations',
  stages: '-s, --stage',
  scenarios: null,
  executionSegment: '--execution-segment',
  executionSegmentSequence: '--execution-segment-sequence',
  noSetup: '--no-setup',
  setupTimeout: null,
  noTeardown: '--no-teardown',
  teardownTimeout: null,
  rps: '--rps',
  dns: '--dns',
  maxRedirects: '--max-redirects',
  userAgent: '--user-agent',
  batch: '--batch',
  batchPerHost: '--batch-per-host',
  httpDebug: '--http-debug',
  insecureSkipTLSVerify: '--insecure-skip-tls-verify',
  tlsCipherSuites: null,
  tlsVersion: null,
  tlsAuth: null,
  throw: '-w, --throw',
  thresholds: null,
  blacklistIPs: '--blacklist-ip',
  blockHostnames: '--block-hostnames',
  hosts: null,
  noConnectionReuse: '--no-connection-reuse',
  noVUConnectionReuse: '--no-vu-connection-reuse',
  minIterationDuration: '--min-iteration-duration',
  cloud: null,
  ext: null,
  summaryTrendStats: '--summary-trend-stats',
  summaryTimeUnit: '--summary-time-unit',
  systemTags: '--system-tags',
  tags: '--tag',
  metricSamplesBufferSize: null,
  noCookiesReset: null,
  discardResponseBodies: '--discard-response-bodies',
  consoleOutput: '--console-output',
  localIPs: '--local-ips',
  out: '-o, --out',
  linger: '-l, --linger',
  noUsageReport: '--no-usage-report',
  webDashboard: null,
  // k6's `run` always forces noArchiveUpload=true in its CLI layer; it only matters to `cloud run`.
  noArchiveUpload: null,
  collectors: null,
};

/** Go `strconv.ParseInt(s, 0, 64)` as pflag uses it: decimal, 0x/0o/0b, or leading-0 octal. */
function parseGoInt(text: string): number | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9]\d*|0)$/.exec(text);
  if (match === null) return undefined;
  const [, sign = '', digits = ''] = match;
  let value: number;
  if (/^0[xXbBoO]/.test(digits)) value = Number(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith('0')) value = Number.parseInt(digits, 8);
  else value = Number(digits);
  const signed = sign === '-' ? -value : value;
  return Number.isSafeInteger(signed) ? signed : undefined;
}

function flagLabel(key: keyof LayerOptions): string {
  return CLI_FLAGS[key] ?? String(key);
}

function flagPath(key: keyof LayerOptions): string {
  const label = flagLabel(key);
  return label.slice(label.lastIndexOf(' ') + 1);
}

/** pflag StringSlice: every value is comma-separated; `""` contributes nothing. */
function sliceValues(value: string | readonly string[]): string[] {
  const values = typeof value === 'string' ? [value] : value;
  return values.flatMap((item) => (item === '' ? [] : item.split(',')));
}

/** k6 `parseTagNameValue`. */
function parseTag(pair: string): { name: string; value: string } | string {
  if (pair === '') return 'invalid tag, empty string';
  const eq = pair.indexOf('=');
  if (eq === 0) return 'invalid tag, empty name';
  if (eq < 0 || eq === pair.length - 1) return 'invalid tag, empty value';
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

/** Turns the flags the user passed into an options layer; bad values become issues. */
export function cliFlagsToOptions(flags: CliFlagValues): { options: LayerOptions; issues: ValidationIssue[] } {
  const options: LayerOptions = {};
  const issues: ValidationIssue[] = [];
  const invalid = (key: keyof LayerOptions, value: string, problem: string): void => {
    issues.push({ path: flagPath(key), message: `invalid argument ${JSON.stringify(value)} for "${flagLabel(key)}" flag: ${problem}` });
  };
  const int = (key: 'vus' | 'iterations' | 'maxRedirects' | 'batch' | 'batchPerHost' | 'rps', value: string | number | undefined): void => {
    if (value === undefined) return;
    const parsed = typeof value === 'number' ? (Number.isSafeInteger(value) ? value : undefined) : parseGoInt(value);
    if (parsed === undefined) invalid(key, String(value), 'expected an integer');
    else options[key] = parsed;
  };
  const goDuration = (key: 'duration' | 'minIterationDuration', value: string | undefined): void => {
    if (value === undefined) return;
    const parsed = tryParseGoDuration(value);
    if (!parsed.ok) invalid(key, value, `${parsed.message} (use a unit, like 30s or 1m30s)`);
    else options[key] = value;
  };
  const list = (key: 'blacklistIPs' | 'blockHostnames' | 'summaryTrendStats' | 'systemTags', value: string | readonly string[] | undefined, check?: (item: string) => string | undefined): void => {
    if (value === undefined) return;
    const items = sliceValues(value);
    const problems = items.map((item) => check?.(item)).filter((problem): problem is string => problem !== undefined);
    for (const problem of problems) issues.push({ path: flagPath(key), message: problem });
    if (problems.length === 0) options[key] = items;
  };

  int('vus', flags.vus);
  goDuration('duration', flags.duration);
  int('iterations', flags.iterations);
  if (flags.stage !== undefined) {
    const { stages, issues: stageIssues } = parseStageFlags(flags.stage, flagPath('stages'));
    issues.push(...stageIssues);
    if (stageIssues.length === 0) options.stages = stages;
  }
  if (flags.executionSegment !== undefined) options.executionSegment = flags.executionSegment;
  if (flags.executionSegmentSequence !== undefined) options.executionSegmentSequence = flags.executionSegmentSequence;
  if (flags.paused !== undefined) options.paused = flags.paused;
  if (flags.noSetup !== undefined) options.noSetup = flags.noSetup;
  if (flags.noTeardown !== undefined) options.noTeardown = flags.noTeardown;
  int('maxRedirects', flags.maxRedirects);
  int('batch', flags.batch);
  int('batchPerHost', flags.batchPerHost);
  int('rps', flags.rps);
  if (flags.userAgent !== undefined) options.userAgent = flags.userAgent;
  if (flags.httpDebug !== undefined && flags.httpDebug !== false) {
    options.httpDebug = flags.httpDebug === true ? 'headers' : flags.httpDebug;
  }
  if (flags.insecureSkipTlsVerify !== undefined) options.insecureSkipTLSVerify = flags.insecureSkipTlsVerify;
  if (flags.noConnectionReuse !== undefined) options.noConnectionReuse = flags.noConnectionReuse;
  if (flags.noVUConnectionReuse !== undefined) options.noVUConnectionReuse = flags.noVUConnectionReuse;
  goDuration('minIterationDuration', flags.minIterationDuration);
  if (flags.throw !== undefined) options.throw = flags.throw;
  list('blacklistIPs', flags.blacklistIp, checkCidr);
  list('blockHostnames', flags.blockHostnames, checkHostnamePattern);
  list('summaryTrendStats', flags.summaryTrendStats, checkTrendStat);
  if (flags.summaryTimeUnit !== undefined && flags.summaryTimeUnit !== '') {
    const problem = checkSummaryTimeUnit(flags.summaryTimeUnit);
    if (problem === undefined) options.summaryTimeUnit = flags.summaryTimeUnit as SummaryTimeUnit;
    else issues.push({ path: flagPath('summaryTimeUnit'), message: problem });
  }
  list('systemTags', flags.systemTags);
  if (flags.tag !== undefined && flags.tag.length > 0) {
    const tags: Record<string, string> = {};
    for (const pair of flags.tag) {
      const parsed = parseTag(pair);
      if (typeof parsed === 'string') issues.push({ path: flagPath('tags'), message: `error parsing tag '${pair}': ${parsed}` });
      else tags[parsed.name] = parsed.value;
    }
    options.tags = tags;
  }
  if (flags.consoleOutput !== undefined && flags.consoleOutput !== '') options.consoleOutput = flags.consoleOutput;
  if (flags.discardResponseBodies !== undefined) options.discardResponseBodies = flags.discardResponseBodies;
  if (flags.localIps !== undefined) options.localIPs = flags.localIps;
  if (flags.dns !== undefined) {
    const parsed = parseDnsText(flags.dns);
    if (!parsed.ok) invalid('dns', flags.dns, parsed.message);
    else if (parsed.value !== undefined) options.dns = parsed.value;
  }
  if (flags.out !== undefined && flags.out.length > 0) options.out = [...flags.out];
  if (flags.linger !== undefined) options.linger = flags.linger;
  if (flags.noUsageReport !== undefined) options.noUsageReport = flags.noUsageReport;
  return { options, issues };
}

/** k6 `userEnvVarName`: the names `-e` accepts. */
export const ENV_VAR_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * `-e/--env NAME=value` pairs (repeatable; the value may contain `=`; `-e NAME` sets ""). Later
 * pairs win. A bad name is an issue naming the pair (k6: "invalid environment variable name").
 */
export function parseEnvFlags(list: readonly string[]): { env: Record<string, string>; issues: ValidationIssue[] } {
  const env: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const pair of list) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!ENV_VAR_NAME_PATTERN.test(name)) {
      issues.push({ path: '--env', message: `invalid environment variable name '${name}' in ${JSON.stringify(pair)}` });
      continue;
    }
    env[name] = value;
  }
  return { env, issues };
}
