/**
 * `qk6 pause` (k6 `internal/cmd/pause.go`): pauses a running test through its REST API — no new
 * iterations start, in-flight ones finish — and prints the new status (YAML).
 */
import type { Command } from 'commander';
import { statusYaml } from '../../api/yaml.js';
import type { GlobalState } from '../global-state.js';
import { apiClientCommand, runApiClient } from './status.js';

/** Registers `qk6 pause [-a address]`. */
export function registerPauseCommand(program: Command, state: GlobalState, done: (exitCode: number) => void): void {
  apiClientCommand(program, 'pause', 'Pause a running test').action(async (flags: Record<string, unknown>) => {
    done(await runApiClient(state, flags, async (client) => statusYaml(await client.setStatus({ paused: true }))));
  });
}
