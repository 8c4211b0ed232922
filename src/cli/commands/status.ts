/**
 * `qk6 status` (k6 `internal/cmd/status.go`): prints a running test's status from its REST API as
 * k6 does (YAML). Also the shared plumbing of the other REST API clients (`stats`, `pause`,
 * `resume`, `scale`): the `-a/--address` flag, errors as log lines with exit code 255.
 */
import type { Command } from 'commander';
import { RestApiClient } from '../../api/client.js';
import { DEFAULT_REST_API_ADDRESS } from '../../api/launch.js';
import { statusYaml } from '../../api/yaml.js';
import { createOutputs } from '../cli-outputs.js';
import type { GlobalState } from '../global-state.js';

/** Declares a REST API client command with `-a/--address`. */
export function apiClientCommand(program: Command, name: string, description: string): Command {
  return program
    .command(name)
    .description(`${description}\n  Use --address to specify the address of the test's REST API.`)
    .option('-a, --address <address>', "address of the running test's REST API", DEFAULT_REST_API_ADDRESS)
    .allowExcessArguments(false);
}

/** Runs `call` against the REST API at `--address` and prints what it returns; the exit code goes to `done`. */
export async function runApiClient(
  state: GlobalState,
  flags: Record<string, unknown>,
  call: (client: RestApiClient) => Promise<string>,
): Promise<number> {
  const outputs = createOutputs({}, () => false, state);
  try {
    const client = new RestApiClient(typeof flags.address === 'string' ? flags.address : DEFAULT_REST_API_ADDRESS);
    state.stdout.write(await call(client));
    return 0;
  } catch (error) {
    return outputs.reportError(error);
  }
}

/** Registers `qk6 status [-a address]`. */
export function registerStatusCommand(program: Command, state: GlobalState, done: (exitCode: number) => void): void {
  apiClientCommand(program, 'status', 'Show the status of a running test').action(async (flags: Record<string, unknown>) => {
    done(await runApiClient(state, flags, async (client) => statusYaml(await client.status())));
  });
}
