/**
 * Executors by their k6 name, and which of them the REST API can scale while they run
 * (k6: externally-controlled only; qk6 adds constant-vus).
 */
import type { ExecutorType } from '../../config/scenario-types.js';
import type { Executor } from './executor.js';
import { runPerVuIterations, runSharedIterations } from './iterations.js';
import { runConstantVus, runRampingVus } from './looping-vus.js';
import { runConstantArrivalRate, runRampingArrivalRate } from './arrival-rate.js';
import { runExternallyControlled } from './externally-controlled.js';

const EXECUTORS: Readonly<Record<ExecutorType, Executor>> = {
  'shared-iterations': runSharedIterations,
  'per-vu-iterations': runPerVuIterations,
  'constant-vus': runConstantVus,
  'ramping-vus': runRampingVus,
  'constant-arrival-rate': runConstantArrivalRate,
  'ramping-arrival-rate': runRampingArrivalRate,
  'externally-controlled': runExternallyControlled,
};

/** Executors whose `vus`/`vus-max` the REST API can change while they run, in preference order. */
export const SCALABLE_EXECUTORS: readonly ExecutorType[] = ['externally-controlled', 'constant-vus'];

export function executorFor(type: ExecutorType): Executor | undefined {
  return EXECUTORS[type];
}
