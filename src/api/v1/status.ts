/**
 * `GET /v1/status` and `PATCH /v1/status` (k6 `api/v1/status*.go`). A PATCH takes the same
 * envelope a GET returns; `stopped: true` stops the test (exit 103) and ignores the rest, else
 * `paused` pauses or resumes and `vus` / `vus-max` scale (nulls and the read-only attributes
 * `status`, `running`, `tainted` are ignored). Unknown attributes, wrong types and values the run
 * cannot take are 4xx JSON:API errors.
 *
 * k6-compat: k6 ignores unknown attributes and answers a PATCH on a test without an
 * externally-controlled scenario with 500; qk6 answers both with 400, and a PATCH once the test
 * has finished with 409.
 */
import { ControlError, ExecutionStatus } from '../../execution/run-control.js';
import type { ControlSurface, StatusView } from '../control-surface.js';
import { ApiError, isObject } from '../json-api.js';

/** The attributes of the status envelope, as k6 names them. */
export interface StatusAttributes {
  readonly status: number;
  readonly paused: boolean | null;
  readonly vus: number | null;
  readonly 'vus-max': number | null;
  readonly stopped: boolean;
  readonly running: boolean;
  readonly tainted: boolean;
}

/** What a PATCH asks for. */
export interface StatusPatch {
  readonly stopped: boolean;
  readonly paused?: boolean | undefined;
  readonly vus?: number | undefined;
  readonly maxVUs?: number | undefined;
}

const ATTRIBUTES = ['status', 'paused', 'vus', 'vus-max', 'stopped', 'running', 'tainted'] as const;

export function statusDocument(view: StatusView): { data: { type: 'status'; id: 'default'; attributes: StatusAttributes } } {
  return {
    data: {
      type: 'status',
      id: 'default',
      attributes: {
        status: view.status,
        paused: view.paused,
        vus: view.vus,
        'vus-max': view.vusMax,
        stopped: view.stopped,
        running: view.running,
        tainted: view.tainted,
      },
    },
  };
}

/** Validates a PATCH body; throws a 400 ApiError naming what is wrong. */
export function parseStatusPatch(body: unknown): StatusPatch {
  const invalid = (detail: string): ApiError => new ApiError(400, 'Invalid data', detail);
  if (!isObject(body)) throw invalid('expected a JSON:API document: {"data":{"type":"status","id":"default","attributes":{…}}}');
  for (const key of Object.keys(body)) {
    if (key !== 'data' && key !== 'meta' && key !== 'jsonapi') throw invalid(`unknown top-level member "${key}": expected "data"`);
  }
  const data = body.data;
  if (!isObject(data)) throw invalid('"data" must be an object with "type", "id" and "attributes"');
  for (const key of Object.keys(data)) {
    if (key !== 'type' && key !== 'id' && key !== 'attributes') throw invalid(`unknown member "data.${key}": expected type, id and attributes`);
  }
  if (data.type !== undefined && data.type !== 'status') throw invalid(`"data.type" must be "status", got ${JSON.stringify(data.type)}`);
  if (data.id !== undefined && typeof data.id !== 'string') throw invalid('"data.id" must be a string');
  const attributes = data.attributes ?? {};
  if (!isObject(attributes)) throw invalid('"data.attributes" must be an object');
  for (const key of Object.keys(attributes)) {
    if (!(ATTRIBUTES as readonly string[]).includes(key)) {
      throw invalid(`unknown status attribute "${key}": the attributes are ${ATTRIBUTES.join(', ')}`);
    }
  }
  const bool = (name: string): boolean | undefined => {
    const value = attributes[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw invalid(`status attribute "${name}" must be true, false or null, got ${JSON.stringify(value)}`);
    return value;
  };
  const int = (name: string): number | undefined => {
    const value = attributes[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw invalid(`status attribute "${name}" must be a whole number or null, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  int('status');
  bool('running');
  bool('tainted');
  return { stopped: bool('stopped') === true, paused: bool('paused'), vus: int('vus'), maxVUs: int('vus-max') };
}

/** Applies a validated PATCH (k6 order: stop wins; else pause/resume, then scaling). */
export async function applyStatusPatch(surface: ControlSurface, patch: StatusPatch): Promise<void> {
  const { status } = surface.status();
  if (status === ExecutionStatus.Ended || status === ExecutionStatus.Interrupted) {
    throw new ApiError(409, 'Conflict', 'the test has already finished; its status can no longer be changed');
  }
  try {
    if (patch.stopped) {
      surface.stop();
      return;
    }
    if (patch.paused !== undefined) await surface.setPaused(patch.paused);
    if (patch.vus !== undefined || patch.maxVUs !== undefined) await surface.scale({ vus: patch.vus, maxVUs: patch.maxVUs });
  } catch (error) {
    throw apiErrorOf(error);
  }
}

/** A control failure as the HTTP error to answer with. */
export function apiErrorOf(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ControlError) {
    const status = error.kind === 'invalid' ? 400 : error.kind === 'conflict' ? 409 : 500;
    return new ApiError(status, error.title, error.message);
  }
  return new ApiError(500, 'Internal error', error instanceof Error ? error.message : String(error));
}
