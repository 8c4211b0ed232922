/**
 * Reads one JSON-shaped options layer: the script's exported `options` (after the loader has
 * JSON-serialised it, as k6 does) or the `-c` config file. Each known key is type-checked with
 * k6's decoding rules; a bad value is reported (with a path like `options.vus`) and left out, so
 * consolidation never sees it. Unknown keys only warn, as in k6 (`internal/js/bundle.go`).
 *
 * The reader table is typed against `Options`, so adding an option without deciding how it is
 * read fails to compile.
 */
import type { ValidationIssue } from '../errors/errors.js';
import { checkClientCertificate } from '../net/client-certificates.js';
import {
  describeValue,
  isPlainObject,
  readBool,
  readDuration,
  readEnum,
  readInt,
  readObject,
  readString,
  readStringList,
  readStringMap,
  checkKnownKeys,
  type ValueReader,
} from './json-values.js';
import {
  checkCidr,
  checkCipherSuite,
  checkDnsPolicy,
  checkDnsSelect,
  checkDnsTtl,
  checkHostAddress,
  checkHostnamePattern,
  checkHostPattern,
  checkSummaryTimeUnit,
  checkTlsVersion,
  DNS_POLICY_VALUES,
  DNS_SELECT_VALUES,
  TLS_VERSION_NAMES,
  type TlsVersionName,
} from './option-values.js';
import type { DnsOptions, LayerOptions, Options, RunConfigOptions, SummaryTimeUnit, TlsAuthOptions, TlsVersionOptions } from './options.js';
import { readScenarios } from './scenario-reader.js';
import { readStages } from './stage.js';

/** Where a JSON options layer came from. */
export type OptionsSource = 'script' | 'config file';

/** What {@link readOptionsLayer} found in one layer. */
export interface OptionsLayerResult {
  options: LayerOptions;
  /** Type errors (exit 104 once consolidated with the rest). */
  issues: ValidationIssue[];
  /** Unknown keys, to print at warning level. */
  warnings: string[];
}

type Readers<T> = { [K in keyof T]-?: ValueReader<NonNullable<T[K]>> | null };

const readDns: ValueReader<DnsOptions> = (raw, path, issues) => {
  const object = readObject(raw, path, issues);
  if (object === undefined) return undefined;
  const before = issues.length;
  const dns: DnsOptions = {};
  const ttl = readString(object.ttl, `${path}.ttl`, issues);
  const ttlProblem = ttl === undefined ? undefined : checkDnsTtl(ttl);
  if (ttlProblem !== undefined) issues.push({ path: `${path}.ttl`, message: ttlProblem });
  const select = readEnum(DNS_SELECT_VALUES, checkDnsSelect)(object.select, `${path}.select`, issues);
  const policy = readEnum(DNS_POLICY_VALUES, checkDnsPolicy)(object.policy, `${path}.policy`, issues);
  if (ttl !== undefined) dns.ttl = ttl;
  if (select !== undefined) dns.select = select;
  if (policy !== undefined) dns.policy = policy;
  return issues.length === before ? dns : undefined;
};

const readTlsVersionName: ValueReader<TlsVersionName | ''> = (raw, path, issues) => {
  if (raw === '') return '';
  return readEnum(TLS_VERSION_NAMES, checkTlsVersion)(raw, path, issues);
};

const readTlsVersion: ValueReader<TlsVersionOptions> = (raw, path, issues) => {
  if (raw === null || raw === undefined || typeof raw === 'string') return readTlsVersionName(raw, path, issues);
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `expected a TLS version or {min, max}, got ${describeValue(raw)}` });
    return undefined;
  }
  const before = issues.length;
  checkKnownKeys(raw, ['min', 'max'], path, issues, 'tlsVersion');
  const min = readTlsVersionName(raw.min, `${path}.min`, issues);
  const max = readTlsVersionName(raw.max, `${path}.max`, issues);
  if (issues.length !== before) return undefined;
  const version: { min?: TlsVersionName | ''; max?: TlsVersionName | '' } = {};
  if (min !== undefined) version.min = min;
  if (max !== undefined) version.max = max;
  return version;
};

const readTlsAuth: ValueReader<TlsAuthOptions[]> = (raw, path, issues) => {
  if (raw === null || raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    issues.push({ path, message: `expected an array of {domains, cert, key} objects, got ${describeValue(raw)}` });
    return undefined;
  }
  const before = issues.length;
  const entries = raw.map((item: unknown, index): TlsAuthOptions => {
    const itemPath = `${path}[${index}]`;
    const entryBefore = issues.length;
    const object = readObject(item, itemPath, issues) ?? {};
    checkKnownKeys(object, ['cert', 'key', 'password', 'domains'], itemPath, issues, 'a tlsAuth entry');
    const entry: TlsAuthOptions = {
      cert: readString(object.cert, `${itemPath}.cert`, issues) ?? '',
      key: readString(object.key, `${itemPath}.key`, issues) ?? '',
    };
    const password = readString(object.password, `${itemPath}.password`, issues);
    const domains = readStringList()(object.domains, `${itemPath}.domains`, issues);
    if (password !== undefined) entry.password = password;
    if (domains !== undefined) entry.domains = domains;
    // k6 loads the key pair while parsing options (lib.TLSAuth.UnmarshalJSON): a bad one is exit 104.
    const problem = issues.length === entryBefore ? checkClientCertificate(entry.cert, entry.key, password ?? null) : undefined;
    if (problem !== undefined) issues.push({ path: itemPath, message: problem });
    return entry;
  });
  return issues.length === before ? entries : undefined;
};

const readSummaryTimeUnit: ValueReader<SummaryTimeUnit> = (raw, path, issues) => {
  const unit = readString(raw, path, issues);
  if (unit === undefined || unit === '') return undefined;
  const problem = checkSummaryTimeUnit(unit);
  if (problem === undefined) return unit as SummaryTimeUnit;
  issues.push({ path, message: problem });
  return undefined;
};

/** How each option is read from JSON; null = not settable from a JSON layer (k6 `json:"-"`). */
export const OPTION_READERS: Readers<Options> = {
  paused: readBool,
  vus: readInt,
  duration: readDuration,
  iterations: readInt,
  stages: readStages(false),
  scenarios: readScenarios,
  executionSegment: readString,
  executionSegmentSequence: readString,
  noSetup: readBool,
  setupTimeout: readDuration,
  noTeardown: readBool,
  teardownTimeout: readDuration,
  rps: readInt,
  dns: readDns,
  maxRedirects: readInt,
  userAgent: readString,
  batch: readInt,
  batchPerHost: readInt,
  httpDebug: readString,
  insecureSkipTLSVerify: readBool,
  tlsCipherSuites: readStringList(checkCipherSuite),
  tlsVersion: readTlsVersion,
  tlsAuth: readTlsAuth,
  throw: readBool,
  thresholds: readObject,
  blacklistIPs: readStringList(checkCidr),
  blockHostnames: readStringList(checkHostnamePattern),
  hosts: readStringMap(checkHostPattern, checkHostAddress),
  noConnectionReuse: readBool,
  noVUConnectionReuse: readBool,
  minIterationDuration: readDuration,
  cloud: readObject,
  ext: readObject,
  summaryTrendStats: readStringList(),
  summaryTimeUnit: readSummaryTimeUnit,
  systemTags: readStringList(),
  tags: readStringMap(),
  metricSamplesBufferSize: readInt,
  noCookiesReset: readBool,
  discardResponseBodies: readBool,
  consoleOutput: null,
  localIPs: null,
};

/** Run settings the config file may also hold (k6 `cmd.Config`). */
export const RUN_CONFIG_READERS: Readers<RunConfigOptions> = {
  out: readStringList(),
  linger: readBool,
  noUsageReport: readBool,
  webDashboard: readBool,
  noArchiveUpload: readBool,
  collectors: readObject,
};

function readInto<T extends object>(raw: Record<string, unknown>, readers: Readers<T>, target: Partial<T>, prefix: string, issues: ValidationIssue[], known: Set<string>): void {
  for (const key of Object.keys(readers) as (keyof T & string)[]) {
    const reader = readers[key];
    if (reader === null) continue;
    known.add(key);
    const value = reader(raw[key], prefix === '' ? key : `${prefix}.${key}`, issues);
    if (value !== undefined) target[key] = value;
  }
}

/**
 * Type-checks one JSON options layer. `raw` is the decoded object (undefined/null = empty).
 * Issue paths start with `options.` for the script and `config.` for the config file.
 */
export function readOptionsLayer(raw: unknown, source: OptionsSource): OptionsLayerResult {
  const prefix = source === 'script' ? 'options' : 'config';
  const issues: ValidationIssue[] = [];
  const warnings: string[] = [];
  const options: LayerOptions = {};
  if (raw === undefined || raw === null) return { options, issues, warnings };
  if (!isPlainObject(raw)) {
    issues.push({ path: prefix, message: `expected an object, got ${describeValue(raw)}` });
    return { options, issues, warnings };
  }
  const known = new Set<string>();
  readInto(raw, OPTION_READERS, options, prefix, issues, known);
  if (source === 'config file') readInto(raw, RUN_CONFIG_READERS, options, prefix, issues, known);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    // k6-compat: k6 warns about the script (naming only the first unknown field) and silently
    // ignores unknown keys in the config file; we name them all, for both.
    const where = source === 'script' ? 'the options exported in the script' : 'the config file';
    warnings.push(`There were unknown fields in ${where}: ${unknown.join(', ')}`);
  }
  return { options, issues, warnings };
}
