/**
 * Starting the REST API for `qk6 run` the way k6 does: on `--address` (default localhost:6565,
 * `""` = no API); when the address cannot be bound it is only a warning, unless the user gave
 * `-a/--address` explicitly — then the run fails with exit code 106 before any VU starts.
 */
import { RestApiStartError } from '../errors/errors.js';
import type { ControlSurface } from './control-surface.js';
import { startApiServer, type ApiLog, type ApiServer } from './server.js';

/** k6's default REST API address. */
export const DEFAULT_REST_API_ADDRESS = 'localhost:6565';

export interface RestApiLaunch {
  readonly address: string;
  /** `-a/--address` was given on the command line. */
  readonly explicit: boolean;
  readonly surface: ControlSurface;
  readonly log: ApiLog;
}

/** The running server, or undefined when disabled or (implicitly configured and) unavailable. */
export async function launchRestApi({ address, explicit, surface, log }: RestApiLaunch): Promise<ApiServer | undefined> {
  if (address === '') return undefined;
  try {
    const server = await startApiServer(address, surface, log);
    log('debug', `Starting the REST API server on ${server.address}`);
    return server;
  } catch (error) {
    if (explicit) throw new RestApiStartError(address, error);
    log('warn', 'Error from API server', { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
