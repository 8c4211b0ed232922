/**
 * `qk6 resume` (k6 `internal/cmd/resume.go`): resumes a paused test (or starts one run with
 * `--paused`) through its REST API and prints the new status (YAML).
 */
import type { Command } from 'commander';
import { statusYaml } from '../../api/yaml.js';
import type { GlobalState } from '../global-state.js';
import { apiClientCommand, runApiClient } from './status.js';

/** Registers `qk6 resume [-a address]`. */
export function registerResumeCommand(program: Command, state: GlobalState, done: (exitCode: number) => void): void {
  apiClientCommand(program, 'resume', 'Resume a paused test').action(async (flags: Record<string, unknown>) => {
    done(await runApiClient(state, flags, async (client) => statusYaml(await client.setStatus({ paused: false }))));
  });
}
