/**
 * Host operations every VU has, whatever the script imports: logging, clock, VU info, metric
 * declaration and sample batches, `open()` and `sleep()`. Each validates what the guest sent.
 */
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricType } from '../metrics/metric.js';
import { BinaryResult, GuestError, type HostModule, type OpInput } from './bridge-contract.js';
import type { LogLevel, VuHostContext } from './host-context.js';

const LOG_LEVELS = new Set<LogLevel>(['debug', 'info', 'warn', 'error']);
const METRIC_TYPES = new Set<MetricType>(['counter', 'gauge', 'rate', 'trend']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function log(vu: VuHostContext, { payload }: OpInput): undefined {
  if (!Array.isArray(payload) || typeof payload[0] !== 'string' || typeof payload[1] !== 'string') {
    throw new GuestError('console: invalid log call');
  }
  const level = LOG_LEVELS.has(payload[0] as LogLevel) ? (payload[0] as LogLevel) : 'info';
  vu.log(level, payload[1]);
  return undefined;
}

function defineMetric(vu: VuHostContext, { payload }: OpInput): undefined {
  if (vu.phase !== 'init') throw new GuestError('metrics must be declared in the init context');
  if (!isRecord(payload) || typeof payload.name !== 'string' || !METRIC_TYPES.has(payload.type as MetricType)) {
    throw new GuestError('invalid metric declaration');
  }
  vu.defineMetric(payload.name, payload.type as MetricType, payload.isTime === true ? 'time' : 'default');
  return undefined;
}

/** A batch of `[metric, value, tags | null]` from the guest's sample buffer. */
function emitBatch(vu: VuHostContext, { payload }: OpInput): undefined {
  if (!Array.isArray(payload)) throw new GuestError('invalid sample batch');
  for (const entry of payload) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number') continue;
    const tags = isRecord(entry[2]) ? (entry[2] as Record<string, string>) : {};
    vu.emit(entry[0], entry[1], tags);
  }
  return undefined;
}

function open(vu: VuHostContext, { payload }: OpInput): string | BinaryResult {
  if (vu.phase !== 'init') {
    throw new GuestError('The "open()" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle for more information');
  }
  if (!isRecord(payload) || typeof payload.path !== 'string' || payload.path === '') {
    throw new GuestError('open() expects a non-empty file path');
  }
  const base = typeof payload.base === 'string' && payload.base.startsWith('file://') ? dirname(fileURLToPath(payload.base)) : vu.scriptDir;
  const path = isAbsolute(payload.path) ? payload.path : resolvePath(base, payload.path);
  try {
    if (statSync(path).isDirectory()) throw new GuestError(`open ${path}: is a directory`);
    const bytes = readFileSync(path);
    return payload.binary === true ? new BinaryResult(bytes) : bytes.toString('utf8');
  } catch (error) {
    if (error instanceof GuestError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new GuestError(code === 'ENOENT' ? `open ${path}: no such file or directory` : `open ${path}: ${String(error)}`);
  }
}

const AWAKE: Promise<undefined> = Promise.resolve(undefined);

/** An aborted sleep ends early; the interrupt handler then ends the script. */
function sleep(vu: VuHostContext, { payload }: OpInput): Promise<undefined> {
  const ms = typeof payload === 'number' && Number.isFinite(payload) ? payload : 0;
  return ms > 0 ? vu.sleep(ms) : AWAKE;
}

export const coreModule: HostModule = {
  sync: {
    log,
    now: () => performance.now(),
    'vu.info': (vu) => ({ id: vu.id, env: vu.env }),
    'metrics.define': defineMetric,
    'metrics.emit': emitBatch,
    open,
  },
  async: { sleep },
};
