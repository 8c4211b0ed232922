/**
 * `qk6 scale -u N -m M` (k6 `internal/cmd/scale.go`): changes the VUs of a running test's
 * externally-controlled (or, in qk6, constant-vus) scenario through its REST API and prints the
 * new status (YAML). At least one of the two flags is required.
 */
import type { Command } from 'commander';
import { statusYaml } from '../../api/yaml.js';
import { UsageError } from '../../errors/errors.js';
import type { GlobalState } from '../global-state.js';
import { apiClientCommand, runApiClient } from './status.js';

/** Registers `qk6 scale [-u vus] [-m max] [-a address]`. */
export function registerScaleCommand(program: Command, state: GlobalState, done: (exitCode: number) => void): void {
  apiClientCommand(program, 'scale', 'Scale a running test')
    .option('-u, --vus <number>', 'number of virtual users')
    .option('-m, --max <number>', 'max available virtual users')
    .action(async (flags: Record<string, unknown>) => {
      done(
        await runApiClient(state, flags, async (client) => {
          const vus = wholeNumber(flags.vus, '-u/--vus');
          const maxVUs = wholeNumber(flags.max, '-m/--max');
          if (vus === undefined && maxVUs === undefined) throw new UsageError('Specify either -u/--vus or -m/--max');
          return statusYaml(await client.setStatus({ ...(vus === undefined ? {} : { vus }), ...(maxVUs === undefined ? {} : { maxVUs }) }));
        }),
      );
    });
}

function wholeNumber(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const number = Number(text);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(number)) {
    throw new UsageError(`invalid argument "${text}" for "${flag}" flag: expected a whole number`);
  }
  return number;
}
