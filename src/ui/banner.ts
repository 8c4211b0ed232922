/**
 * The text printed before a run starts: qk6's name (k6's logo is k6's brand) and k6's execution
 * description, so logs read the same as k6's.
 */
import type { ChalkInstance } from 'chalk';
import { formatDuration, roundDuration } from '../config/duration.js';
import type { ResolvedOptions } from '../config/options.js';
import { describeScenario, maxDurationOf, maxVUsOf, sortScenarios } from '../config/scenario-description.js';
import { QK6_VERSION } from '../config/defaults.js';
import type { ResolvedScenario } from '../config/scenario-types.js';
import type { ExecutionTuple } from '../execution/segments/execution-tuple.js';
import { scaleScenario, segmentPercent } from '../execution/segments/scale-scenario.js';

export function renderBanner(colors: ChalkInstance): string {
  return `\n  ${colors.cyan.bold('qk6')} ${colors.gray(`v${QK6_VERSION}`)}  ${colors.gray('k6 scripts, QuickJS virtual users')}\n`;
}

export function renderExecutionDescription(
  scriptName: string,
  outputs: readonly string[],
  options: ResolvedOptions,
  tuple: ExecutionTuple | null,
): string {
  // With an execution segment k6 describes this instance's share: scaled scenarios and their percentage.
  const scaled: Record<string, ResolvedScenario> = {};
  for (const [name, scenario] of Object.entries(options.scenarios)) {
    if (tuple === null) scaled[name] = scenario;
    else {
      const share = scaleScenario(scenario, tuple);
      if (share.hasWork) scaled[name] = share.scenario;
    }
  }
  const scenarios = sortScenarios(scaled);
  const maxDuration = formatDuration(roundDuration(maxDurationOf(scaled), 100));
  const count = scenarios.length;
  const percent = tuple === null ? '100.00%' : segmentPercent(tuple);
  const lines = [
    `     execution: local`,
    `        script: ${scriptName}`,
    `        output: ${outputs.length === 0 ? '-' : outputs.join(', ')}`,
    '',
    `     scenarios: (${percent}) ${count} scenario${count === 1 ? '' : 's'}, ${maxVUsOf(scaled)} max VUs, ${maxDuration} max duration (incl. graceful stop):`,
    ...scenarios.map((scenario) => `              * ${scenario.name}: ${describeScenario(scenario)}`),
  ];
  return `${lines.join('\n')}\n\n`;
}
