/**
 * The commander program: `qk6 <command>`, with k6's command names. Commander's own exits are
 * turned into errors so that exit codes are decided in one place (main.ts).
 */
import { Command, CommanderError } from 'commander';
import { QK6_VERSION } from '../config/defaults.js';
import type { GlobalState } from './global-state.js';
import { registerRunCommand } from './commands/run.js';
import { registerVersionCommand, versionLine } from './commands/version.js';
import { registerPauseCommand } from './commands/pause.js';
import { registerResumeCommand } from './commands/resume.js';
import { registerScaleCommand } from './commands/scale.js';
import { registerStatsCommand } from './commands/stats.js';
import { registerStatusCommand } from './commands/status.js';

export function buildProgram(state: GlobalState, done: (exitCode: number) => void): Command {
  const program = new Command('qk6')
    .description('qk6 runs k6 test scripts: same scripts, results, summary and exit codes as Grafana k6')
    .version(versionLine(), '--version', 'print the version')
    .configureOutput({
      writeOut: (text) => state.stdout.write(text),
      writeErr: (text) => state.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerRunCommand(program, state, done);
  registerVersionCommand(program, state);
  // Clients of a running test's REST API (k6's pause, resume, scale, stats, status).
  registerPauseCommand(program, state, done);
  registerResumeCommand(program, state, done);
  registerScaleCommand(program, state, done);
  registerStatsCommand(program, state, done);
  registerStatusCommand(program, state, done);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  return program;
}

export { CommanderError, QK6_VERSION };
