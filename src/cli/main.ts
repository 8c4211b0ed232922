/**
 * The process edge: builds the GlobalState from `process`, runs the command, and sets
 * `process.exitCode` once. Nothing else in qk6 touches `process` or calls `process.exit()`.
 */
import { CommanderError } from 'commander';
import { ExitCode } from '../errors/exit-codes.js';
import type { GlobalState } from './global-state.js';
import { buildProgram } from './program.js';
import { normalizeRunArgv } from './run-flags.js';

function processState(): GlobalState {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    stderr: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY === true },
    onSignal(handler) {
      const listener = (signal: NodeJS.Signals): void => handler(signal);
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}

export async function main(state: GlobalState = processState()): Promise<void> {
  let exitCode: number = ExitCode.Success;
  const program = buildProgram(state, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(normalizeRunArgv(state.argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors with k6's generic code (commander printed them).
      exitCode = error.exitCode === 0 ? 0 : ExitCode.GenericError;
    } else {
      state.stderr.write(`internal error — this is a qk6 bug, please report it:\n${error instanceof Error ? error.stack : String(error)}\n`);
      exitCode = ExitCode.GenericError;
    }
  }
  process.exitCode = exitCode;
}
