/** `qk6 version`: the version line (also `qk6 --version`); `--json` like `k6 version --json`. */
import type { Command } from 'commander';
import { QK6_VERSION } from '../../config/defaults.js';
import type { GlobalState } from '../global-state.js';

export function versionLine(): string {
  return `qk6 v${QK6_VERSION} (k6-compatible; node ${process.version}, ${process.platform}/${process.arch})`;
}

export function registerVersionCommand(program: Command, state: GlobalState): void {
  program
    .command('version')
    .description('Show the application version and exit')
    .option('--json', 'print the version as JSON')
    .action((flags: { json?: boolean }) => {
      if (flags.json === true) {
        state.stdout.write(
          `${JSON.stringify({ version: `v${QK6_VERSION}`, node_version: process.version, go_os: process.platform, go_arch: process.arch })}\n`,
        );
      } else {
        state.stdout.write(`${versionLine()}\n`);
      }
    });
}
