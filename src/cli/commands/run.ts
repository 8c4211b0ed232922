/**
 * Registers `qk6 run`. What a test needs — the engine, workers, metrics, summary — is imported by
 * the command's action (run-test.ts), so `qk6 status|pause|resume|scale|stats|version` do not
 * load it.
 */
import type { Command } from 'commander';
import type { GlobalState } from '../global-state.js';
import { addRunFlags, type RunFlags } from '../run-flags.js';

export function registerRunCommand(program: Command, state: GlobalState, done: (exitCode: number) => void): void {
  const command = program
    .command('run')
    .description('Start a test: run a k6 script with the given options')
    .argument('<script>', 'path to the test script (.js)')
    .allowExcessArguments(false);
  addRunFlags(command).action(async (script: string, flags: RunFlags, cmd: Command) => {
    const given = (name: string): boolean => cmd.getOptionValueSource(name) === 'cli';
    const { runCommand } = await import('./run-test.js');
    done(await runCommand(script, flags, given, state));
  });
}
