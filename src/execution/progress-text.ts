/**
 * What the progress display shows for a scenario, computed on the main thread from counters that
 * the workers report (k6's progress bar texts: `6/6 shared iters`, `10 VUs  12.0s/30.0s`, …).
 */
import type { ResolvedScenario } from '../config/scenario-types.js';
import { formatProgressTime } from './executors/executor.js';

export interface ScenarioCounters {
  activeVUs: number;
  completed: number;
  interrupted: number;
  done: boolean;
}

export function describeProgress(
  scenario: ResolvedScenario,
  counters: ScenarioCounters,
  elapsedMs: number,
  vuCount: number,
): { fraction: number; detail: string } {
  const timed = (durationMs: number, vus: string): { fraction: number; detail: string } => {
    const elapsed = Math.min(Math.max(0, elapsedMs), durationMs);
    return {
      fraction: counters.done || durationMs === 0 ? 1 : elapsed / durationMs,
      detail: `${vus} VUs  ${formatProgressTime(elapsed)}/${formatProgressTime(durationMs)}`,
    };
  };
  const width = String(vuCount).length;
  const active = `${String(counters.activeVUs).padStart(width, '0')}/${vuCount}`;
  switch (scenario.executor) {
    case 'shared-iterations': {
      const total = scenario.iterations;
      return { fraction: total === 0 ? 1 : counters.completed / total, detail: `${counters.completed}/${total} shared iters` };
    }
    case 'per-vu-iterations': {
      const total = scenario.iterations * scenario.vus;
      return { fraction: total === 0 ? 1 : counters.completed / total, detail: `${counters.completed}/${total} iters, ${scenario.iterations} per VU` };
    }
    case 'constant-vus':
      return timed(scenario.duration, String(scenario.vus));
    case 'ramping-vus':
      return timed(
        scenario.stages.reduce((sum, stage) => sum + stage.duration, 0),
        active,
      );
    case 'constant-arrival-rate':
      return timed(scenario.duration, active);
    case 'ramping-arrival-rate':
      return timed(
        scenario.stages.reduce((sum, stage) => sum + stage.duration, 0),
        active,
      );
    case 'externally-controlled':
      return timed(scenario.duration, active);
  }
}
