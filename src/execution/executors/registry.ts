/**
 * Executors by their k6 name. The arrival-rate and externally-controlled executors are configured
 * and validated already (src/config) but not run yet: choosing one is a clear error, not a silent
 * fallback.
 */
import type { ExecutorType } from '../../config/scenario-types.js';
import type { Executor } from './executor.js';
import { runPerVuIterations, runSharedIterations } from './iterations.js';
import { runConstantVus, runRampingVus } from './looping-vus.js';

const EXECUTORS: Readonly<Partial<Record<ExecutorType, Executor>>> = {
  'shared-iterations': runSharedIterations,
  'per-vu-iterations': runPerVuIterations,
  'constant-vus': runConstantVus,
  'ramping-vus': runRampingVus,
};

export function executorFor(type: ExecutorType): Executor | undefined {
  return EXECUTORS[type];
}
