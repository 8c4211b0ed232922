/** `qk6 stats` (k6 `internal/cmd/stats.go`): prints a running test's metrics from its REST API as k6 does (YAML). */
import type { Command } from 'commander';
import { metricsYaml } from '../../api/yaml.js';
import type { GlobalState } from '../global-state.js';
import { apiClientCommand, runApiClient } from './status.js';

/** Registers `qk6 stats [-a address]`. */
export function registerStatsCommand(program: Command, state: GlobalState, done: (exitCode: number) => void): void {
  apiClientCommand(program, 'stats', 'Show the metrics of a running test').action(async (flags: Record<string, unknown>) => {
    done(await runApiClient(state, flags, async (client) => metricsYaml(await client.metrics())));
  });
}
