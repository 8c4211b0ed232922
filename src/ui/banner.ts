/**
 * The text printed before a run starts: qk6's name (k6's logo is k6's brand) and k6's execution
 * description, so logs read the same as k6's.
 */
import type { ChalkInstance } from 'chalk';
import { formatDuration, roundDuration } from '../config/duration.js';
import type { ResolvedOptions } from '../config/options.js';
import { describeScenario, maxDurationOf, maxVUsOf, sortScenarios } from '../config/scenario-description.js';
import { QK6_VERSION } from '../config/defaults.js';

export function renderBanner(colors: ChalkInstance): string {
  return `\n  ${colors.cyan.bold('qk6')} ${colors.gray(`v${QK6_VERSION}`)}  ${colors.gray('k6 scripts, QuickJS virtual users')}\n`;
}

export function renderExecutionDescription(scriptName: string, outputs: readonly string[], options: ResolvedOptions): string {
  const scenarios = sortScenarios(options.scenarios);
  const maxDuration = formatDuration(roundDuration(maxDurationOf(options.scenarios), 100));
  const count = scenarios.length;
  const lines = [
    `     execution: local`,
    `        script: ${scriptName}`,
    `        output: ${outputs.length === 0 ? '-' : outputs.join(', ')}`,
    '',
    `     scenarios: (100.00%) ${count} scenario${count === 1 ? '' : 's'}, ${maxVUsOf(options.scenarios)} max VUs, ${maxDuration} max duration (incl. graceful stop):`,
    ...scenarios.map((scenario) => `              * ${scenario.name}: ${describeScenario(scenario)}`),
  ];
  return `${lines.join('\n')}\n\n`;
}
