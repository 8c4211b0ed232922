/**
 * The one place options are merged (k6 `getConsolidatedConfig` + `deriveAndValidateConfig`,
 * `internal/cmd/config.go`). Order, lowest priority first:
 *
 *   1. defaults (`defaults.ts`)
 *   2. the config file (`-c`, or the default `~/.config/k6/config.json`)
 *   3. the script's exported `options`
 *   4. `K6_*` environment variables
 *   5. CLI flags — only those the user actually passed
 *
 * Merge rules (k6 `Options.Apply`):
 * - A layer that sets ANY of `duration`, `iterations`, `stages`, `scenarios` wipes all four from the
 *   layers below, and if that removes `scenarios`, k6 warns
 *   `"cli" level configuration overrode scenarios configuration entirely` (layer name quoted).
 *   Within one layer they are kept together, so shortcut derivation can report the conflict.
 * - `vus` and every other option merge independently. Maps and lists replace, never merge, with
 *   k6's quirks: an empty `tags`/`out`/`collectors` does not override, `dns` merges per field, and
 *   stages without a duration are dropped.
 *
 * Then defaults are applied, shortcuts become `scenarios` (`scenario-shortcuts.ts`), and
 * everything is validated; all problems are thrown together as one `InvalidConfigError` (exit 104).
 */
import { InvalidConfigError, type ValidationIssue } from '../errors/errors.js';
import { DEFAULT_OPTIONS, DEFAULT_RUN_CONFIG } from './defaults.js';
import { tryParseDuration, type DurationInput } from './duration.js';
import { checkTrendStat, toSystemTagSet } from './option-values.js';
import type {
  LayerOptions,
  Options,
  ResolvedOptions,
  ResolvedRunConfig,
  ResolvedTlsVersion,
  TlsVersionOptions,
} from './options.js';
import { deriveScenariosFromShortcuts } from './scenario-shortcuts.js';
import { resolveScenarios } from './scenarios.js';
import type { ResolvedStage } from './scenario-types.js';

/** The layers to merge; each holds only what that source set. */
export interface OptionLayers {
  configFile?: LayerOptions;
  script?: Options;
  env?: LayerOptions;
  cli?: LayerOptions;
}

/** What consolidation needs to know beyond the layers. */
export interface ConsolidateContext {
  /**
   * Whether the script exports a function by this name; when given, every scenario's `exec` is
   * checked (k6: "executor X: function 'Y' not found in exports").
   */
  isExecutable?: (name: string) => boolean;
  /** Issues already found while reading the layers; thrown together with the rest. */
  layerIssues?: readonly ValidationIssue[];
}

/** The single consolidated configuration of a run. */
export interface ConsolidatedConfig {
  options: ResolvedOptions;
  runConfig: ResolvedRunConfig;
  /** k6's warnings (overridden scenarios, ignored `vus`, …) to log at warning level. */
  warnings: string[];
}

const EXECUTION_KEYS = ['duration', 'iterations', 'stages', 'scenarios'] as const;

function setsExecution(layer: LayerOptions): boolean {
  return EXECUTION_KEYS.some((key) => layer[key] !== undefined);
}

function copyKey<K extends keyof LayerOptions>(target: LayerOptions, source: LayerOptions, key: K): void {
  const value = source[key];
  if (value === undefined) return;
  if ((key === 'tags' || key === 'collectors' || key === 'out') && Object.keys(value).length === 0) return;
  target[key] = value;
}

/** k6 `Options.Apply` + `Config.Apply`: `layer` over `base`. */
export function applyLayer(base: LayerOptions, layer: LayerOptions): LayerOptions {
  const result: LayerOptions = { ...base };
  if (setsExecution(layer)) for (const key of EXECUTION_KEYS) delete result[key];
  for (const key of Object.keys(layer) as (keyof LayerOptions)[]) copyKey(result, layer, key);
  if (layer.stages !== undefined) result.stages = layer.stages.filter((stage) => stage.duration !== undefined);
  if (layer.dns !== undefined) {
    const dns = { ...base.dns };
    if (layer.dns.ttl !== undefined) dns.ttl = layer.dns.ttl;
    if (layer.dns.select !== undefined) dns.select = layer.dns.select;
    if (layer.dns.policy !== undefined) dns.policy = layer.dns.policy;
    result.dns = dns;
  }
  return result;
}

/** Merges the layers in priority order; returns k6's "overrode scenarios" warnings. */
export function mergeLayers(layers: OptionLayers): { merged: LayerOptions; warnings: string[] } {
  const warnings: string[] = [];
  let merged: LayerOptions = applyLayer({}, layers.configFile ?? {});
  const above: [string, LayerOptions | undefined][] = [
    ['script', layers.script],
    ['env', layers.env],
    ['cli', layers.cli],
  ];
  for (const [name, layer] of above) {
    if (layer === undefined) continue;
    if (merged.scenarios !== undefined && setsExecution(layer)) {
      warnings.push(`"${name}" level configuration overrode scenarios configuration entirely`);
    }
    merged = applyLayer(merged, layer);
  }
  return { merged, warnings };
}

function resolveTlsVersion(value: TlsVersionOptions | undefined): ResolvedTlsVersion {
  if (value === undefined) return { ...DEFAULT_OPTIONS.tlsVersion };
  if (typeof value === 'string') return { min: value === '' ? null : value, max: value === '' ? null : value };
  return { min: value.min || null, max: value.max || null };
}

/** Applies defaults (k6 `applyDefault` and the flag shadow defaults) and checks post-merge rules. */
function resolveOptions(merged: LayerOptions, issues: ValidationIssue[]): Omit<ResolvedOptions, 'scenarios'> {
  const d = DEFAULT_OPTIONS;
  const ms = (key: string, value: DurationInput | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = tryParseDuration(value);
    if (parsed.ok) return parsed.ms;
    issues.push({ path: key, message: parsed.message });
    return undefined;
  };
  const setupTimeout = ms('setupTimeout', merged.setupTimeout);
  if (setupTimeout !== undefined && setupTimeout <= 0) issues.push({ path: 'setupTimeout', message: 'setupTimeout must be positive' });
  const summaryTrendStats = merged.summaryTrendStats ?? [...d.summaryTrendStats];
  summaryTrendStats.forEach((stat, index) => {
    const problem = checkTrendStat(stat);
    if (problem !== undefined) issues.push({ path: `summaryTrendStats[${index}]`, message: problem });
  });
  const stages = merged.stages?.map(
    (stage, index): ResolvedStage => ({ duration: ms(`stages[${index}].duration`, stage.duration) ?? 0, target: stage.target ?? 0 }),
  );
  const httpDebug = merged.httpDebug ?? '';
  return {
    paused: merged.paused ?? d.paused,
    vus: merged.vus ?? d.vus,
    duration: ms('duration', merged.duration) ?? null,
    iterations: merged.iterations ?? null,
    stages: stages ?? null,
    executionSegment: merged.executionSegment ?? null,
    executionSegmentSequence: merged.executionSegmentSequence ?? null,
    noSetup: merged.noSetup ?? d.noSetup,
    setupTimeout: setupTimeout ?? d.setupTimeout,
    noTeardown: merged.noTeardown ?? d.noTeardown,
    teardownTimeout: ms('teardownTimeout', merged.teardownTimeout) ?? d.teardownTimeout,
    rps: merged.rps ?? d.rps,
    dns: {
      ttl: merged.dns?.ttl || d.dns.ttl,
      select: merged.dns?.select ?? d.dns.select,
      policy: merged.dns?.policy ?? d.dns.policy,
    },
    maxRedirects: merged.maxRedirects ?? d.maxRedirects,
    userAgent: merged.userAgent ?? d.userAgent,
    batch: merged.batch ?? d.batch,
    batchPerHost: merged.batchPerHost ?? d.batchPerHost,
    httpDebug: httpDebug === '' ? null : httpDebug === 'full' ? 'full' : 'headers',
    insecureSkipTLSVerify: merged.insecureSkipTLSVerify ?? d.insecureSkipTLSVerify,
    tlsCipherSuites: merged.tlsCipherSuites ? [...merged.tlsCipherSuites] : null,
    tlsVersion: resolveTlsVersion(merged.tlsVersion),
    tlsAuth: (merged.tlsAuth ?? []).map((auth) => ({
      cert: auth.cert,
      key: auth.key,
      password: auth.password ?? null,
      domains: [...(auth.domains ?? [])],
    })),
    throw: merged.throw ?? d.throw,
    thresholds: structuredClone(merged.thresholds ?? {}),
    blacklistIPs: [...(merged.blacklistIPs ?? [])],
    blockHostnames: [...(merged.blockHostnames ?? [])],
    hosts: { ...merged.hosts },
    noConnectionReuse: merged.noConnectionReuse ?? d.noConnectionReuse,
    noVUConnectionReuse: merged.noVUConnectionReuse ?? d.noVUConnectionReuse,
    minIterationDuration: ms('minIterationDuration', merged.minIterationDuration) ?? d.minIterationDuration,
    cloud: merged.cloud === undefined ? null : structuredClone(merged.cloud),
    ext: structuredClone(merged.ext ?? {}),
    summaryTrendStats: [...summaryTrendStats],
    summaryTimeUnit: merged.summaryTimeUnit ?? d.summaryTimeUnit,
    systemTags: merged.systemTags === undefined ? [...d.systemTags] : toSystemTagSet(merged.systemTags),
    tags: { ...merged.tags },
    metricSamplesBufferSize: merged.metricSamplesBufferSize ?? d.metricSamplesBufferSize,
    noCookiesReset: merged.noCookiesReset ?? d.noCookiesReset,
    discardResponseBodies: merged.discardResponseBodies ?? d.discardResponseBodies,
    consoleOutput: merged.consoleOutput ?? null,
    localIPs: merged.localIPs ?? null,
  };
}

function resolveRunConfig(merged: LayerOptions): ResolvedRunConfig {
  const d = DEFAULT_RUN_CONFIG;
  return {
    out: [...(merged.out ?? d.out)],
    linger: merged.linger ?? d.linger,
    noUsageReport: merged.noUsageReport ?? d.noUsageReport,
    webDashboard: merged.webDashboard ?? d.webDashboard,
    noArchiveUpload: merged.noArchiveUpload ?? d.noArchiveUpload,
    collectors: structuredClone(merged.collectors ?? d.collectors),
  };
}

/**
 * Merges the layers (see the order above), applies defaults, derives scenarios and validates.
 * @throws InvalidConfigError with every issue (layer issues from `context.layerIssues` first).
 */
export function consolidateOptions(layers: OptionLayers, context: ConsolidateContext = {}): ConsolidatedConfig {
  const issues: ValidationIssue[] = [...(context.layerIssues ?? [])];
  const { merged, warnings } = mergeLayers(layers);
  const resolved = resolveOptions(merged, issues);

  const derivation = deriveScenariosFromShortcuts(merged);
  issues.push(...derivation.issues);
  warnings.push(...derivation.warnings);
  const { scenarios, issues: scenarioIssues } = resolveScenarios(derivation.scenarios ?? {});
  issues.push(...scenarioIssues);

  if (context.isExecutable !== undefined) {
    for (const scenario of Object.values(scenarios)) {
      if (!context.isExecutable(scenario.exec)) {
        issues.push({
          path: `scenarios.${scenario.name}.exec`,
          message: `executor ${scenario.name}: function '${scenario.exec}' not found in exports`,
        });
      }
    }
  }

  if (issues.length > 0) {
    throw new InvalidConfigError(issues);
  }
  return { options: { ...resolved, scenarios }, runConfig: resolveRunConfig(merged), warnings };
}
