/**
 * `GET|PUT|POST /v1/setup` and `POST /v1/teardown` (k6 `api/v1/setup_teardown_routes.go`): read
 * or replace the setup data the VUs receive (PUT takes any JSON, an empty body clears it), run
 * setup() now and keep its data, run teardown() with the current data.
 */
import type { ControlSurface } from '../control-surface.js';
import { ApiError, parseJson } from '../json-api.js';
import { apiErrorOf } from './status.js';

/** `{"data":{"type":"setupData","id":"default","attributes":{"data":…}}}`; no `data` without setup data (k6). */
export function setupDocument(setupDataJson: string | undefined): { data: { type: 'setupData'; id: 'default'; attributes: { data?: unknown } } } {
  const attributes = setupDataJson === undefined ? {} : { data: JSON.parse(setupDataJson) as unknown };
  return { data: { type: 'setupData', id: 'default', attributes } };
}

export function getSetupData(surface: ControlSurface): ReturnType<typeof setupDocument> {
  return setupDocument(surface.setupData());
}

/** PUT: the body (JSON) becomes the setup data; an empty body clears it. */
export function putSetupData(surface: ControlSurface, body: string): ReturnType<typeof setupDocument> {
  if (body.trim() === '') {
    surface.setSetupData(undefined);
  } else {
    surface.setSetupData(JSON.stringify(parseJson(body, 'Error parsing request body')));
  }
  return setupDocument(surface.setupData());
}

export async function postSetup(surface: ControlSurface): Promise<ReturnType<typeof setupDocument>> {
  try {
    return setupDocument(await surface.runSetup());
  } catch (error) {
    const failure = apiErrorOf(error);
    throw failure.status === 500 ? new ApiError(500, 'Error executing setup', failure.detail) : failure;
  }
}

export async function postTeardown(surface: ControlSurface): Promise<void> {
  try {
    await surface.runTeardown();
  } catch (error) {
    const failure = apiErrorOf(error);
    throw failure.status === 500 ? new ApiError(500, 'Error executing teardown', failure.detail) : failure;
  }
}
