/**
 * Turns the shortcut options into scenarios, exactly as k6's `DeriveScenariosFromShortcuts`
 * (`lib/executor/execution_config_shortcuts.go`), on the already-consolidated options:
 *
 * | set (after layering)        | result (scenario `default`)                                   |
 * |-----------------------------|---------------------------------------------------------------|
 * | `iterations` (+vus, +duration) | shared-iterations; `duration` becomes its `maxDuration`    |
 * | `duration` (+vus)           | constant-vus; a duration ≤ 0 is an error                      |
 * | non-empty `stages` (+vus)   | ramping-vus with `startVUs` = vus (default 1)                 |
 * | non-empty `scenarios`       | kept as written                                               |
 * | nothing                     | per-vu-iterations, 1 VU × 1 iteration (warns about lone `vus`) |
 *
 * Combining iterations+stages, iterations+scenarios, duration+stages, duration+scenarios or
 * stages+scenarios is an error. Layering (`consolidate.ts`) already wiped the four keys from lower
 * layers whenever a higher layer set any of them, so conflicts only come from one layer.
 */
import type { ValidationIssue } from '../errors/errors.js';
import { tryParseDuration } from './duration.js';
import type { Options } from './options.js';
import type {
  ConstantVUsOptions,
  RampingVUsOptions,
  ScenarioOptions,
  SharedIterationsOptions,
  StageOptions,
} from './scenario-types.js';

/** Name of the scenario derived from the shortcuts (k6 `lib.DefaultScenarioName`). */
export const DEFAULT_SCENARIO_NAME = 'default';

/** The options shortcut derivation looks at. */
export type ShortcutOptions = Pick<Options, 'vus' | 'duration' | 'iterations' | 'stages' | 'scenarios'>;

/** Result of {@link deriveScenariosFromShortcuts}. */
export interface ShortcutDerivation {
  /** The scenarios to run; undefined when the shortcuts conflict (see `issues`). */
  scenarios: Record<string, ScenarioOptions> | undefined;
  issues: ValidationIssue[];
  /** k6's log warnings, to print at warning level. */
  warnings: string[];
}

function conflict(first: string, second: string): ValidationIssue {
  return { path: second, message: `using \`${first}\` and \`${second}\` options simultaneously is not allowed` };
}

function single(scenario: ScenarioOptions): Record<string, ScenarioOptions> {
  return { [DEFAULT_SCENARIO_NAME]: scenario };
}

/** Derives `scenarios` from the shortcut options; see the table above. */
export function deriveScenariosFromShortcuts(options: ShortcutOptions): ShortcutDerivation {
  const { vus, duration, iterations, stages, scenarios } = options;
  const hasStages = stages !== undefined && stages.length > 0;
  const fail = (issue: ValidationIssue): ShortcutDerivation => ({ scenarios: undefined, issues: [issue], warnings: [] });

  if (iterations !== undefined) {
    if (hasStages) return fail(conflict('iterations', 'stages'));
    if (scenarios !== undefined) return fail(conflict('iterations', 'scenarios'));
    const shared: SharedIterationsOptions = { executor: 'shared-iterations', iterations };
    if (vus !== undefined) shared.vus = vus;
    if (duration !== undefined) shared.maxDuration = duration;
    return { scenarios: single(shared), issues: [], warnings: [] };
  }

  if (duration !== undefined) {
    if (hasStages) return fail(conflict('duration', 'stages'));
    if (scenarios !== undefined) return fail(conflict('duration', 'scenarios'));
    const parsed = tryParseDuration(duration);
    if (!parsed.ok) return fail({ path: 'duration', message: parsed.message });
    if (parsed.ms <= 0) {
      return fail({
        path: 'duration',
        message: '`duration` option should be more than 0, for infinite duration use the externally-controlled executor',
      });
    }
    const constant: ConstantVUsOptions = { executor: 'constant-vus', duration };
    if (vus !== undefined) constant.vus = vus;
    return { scenarios: single(constant), issues: [], warnings: [] };
  }

  if (hasStages) {
    if (scenarios !== undefined) return fail(conflict('stages', 'scenarios'));
    const kept: StageOptions[] = stages.filter((stage) => stage.duration !== undefined).map((stage) => ({ ...stage }));
    const ramping: RampingVUsOptions = { executor: 'ramping-vus', stages: kept };
    if (vus !== undefined) ramping.startVUs = vus;
    return { scenarios: single(ramping), issues: [], warnings: [] };
  }

  if (scenarios !== undefined && Object.keys(scenarios).length > 0) {
    return { scenarios, issues: [], warnings: [] };
  }

  const warnings: string[] = [];
  if (vus !== undefined && vus !== 1) {
    warnings.push(
      `\`vus=${vus}\` option will be ignored, it only works in conjunction with \`iterations\`, \`duration\`, or \`stages\``,
    );
  }
  if (stages !== undefined) {
    warnings.push('`stages` was explicitly set to an empty value, running the script with 1 iteration in 1 VU');
  }
  if (scenarios !== undefined) {
    warnings.push('`scenarios` was explicitly set to an empty value, running the script with 1 iteration in 1 VU');
  }
  return { scenarios: single({ executor: 'per-vu-iterations' }), issues: [], warnings };
}
