/**
 * Executors by their k6 name. externally-controlled is configured and validated (src/config) but
 * runs only with the REST API, which qk6 does not have yet: choosing it is a clear error.
 */
import type { ExecutorType } from '../../config/scenario-types.js';
import type { Executor } from './executor.js';
import { runPerVuIterations, runSharedIterations } from './iterations.js';
import { runConstantVus, runRampingVus } from './looping-vus.js';
import { runConstantArrivalRate, runRampingArrivalRate } from './arrival-rate.js';

const EXECUTORS: Readonly<Partial<Record<ExecutorType, Executor>>> = {
  'shared-iterations': runSharedIterations,
  'per-vu-iterations': runPerVuIterations,
  'constant-vus': runConstantVus,
  'ramping-vus': runRampingVus,
  'constant-arrival-rate': runConstantArrivalRate,
  'ramping-arrival-rate': runRampingArrivalRate,
};

export function executorFor(type: ExecutorType): Executor | undefined {
  return EXECUTORS[type];
}
