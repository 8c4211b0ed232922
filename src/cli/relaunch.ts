/**
 * `qk6 run` on Node 20 relaunches Node with V8's stack switching on (src/vu/stack-switching.ts),
 * so that VUs run the faster stack-switched QuickJS (src/vu/suspending-engine.ts). The launcher
 * stays as a thin parent: the child inherits the terminal, the environment and the arguments, and
 * its exit code or signal becomes the launcher's.
 *
 * Exit: once its command is done and its output written, the child sends the launcher its exit
 * code ({@link reportExitToLauncher}), and the launcher exits with it at once; its closed channel
 * then ends the child. Left to exit by itself, the child would wait for V8's background threads,
 * which in a short run are still optimising QuickJS's interpreter loop: ~0.2 s after the summary.
 *
 * Signals: the child runs in its own process group, so a Ctrl+C in the terminal reaches only the
 * launcher, which passes it on once — the child's first SIGINT stops the test gracefully, a second
 * one at once, as without the relaunch. Ctrl+Z (SIGTSTP) stops the child with the launcher, and
 * `fg`/`bg` (SIGCONT) resumes it. A launcher killed outright (SIGKILL) takes the child with it: the
 * child watches its IPC channel to the launcher ({@link followLauncher}).
 *
 * `QK6_ENGINE=asyncify` skips the relaunch: every VU then runs the asyncify build.
 *
 * This module imports nothing of qk6's but the two launcher modules, so that the launcher can load
 * it before the CLI.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { isRunCommand } from '../execution/worker/early-worker.js';
import { stackSwitchingNodeOptions } from '../vu/stack-switching.js';

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Marks the relaunched child (and guards against relaunching it again). */
const RELAUNCHED_ENV = 'QK6_RELAUNCHED';

/** Relaunches Node for `args` when that gives `qk6 run` stack switching; false when it runs here. */
export function relaunchForStackSwitching(args: readonly string[]): boolean {
  if (!isRunCommand(args) || process.env.QK6_ENGINE === 'asyncify' || process.env[RELAUNCHED_ENV] !== undefined) return false;
  const nodeOptions = stackSwitchingNodeOptions(process.execArgv, process.versions.v8);
  const entry = process.argv[1];
  if (nodeOptions === undefined || entry === undefined) return false;
  const child = spawn(process.execPath, [...nodeOptions, ...process.execArgv, entry, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
  });
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => child.kill(signal));
  // The terminal stops only the launcher's process group: the test stops with it, then the launcher.
  process.on('SIGTSTP', () => {
    child.kill('SIGSTOP');
    process.kill(process.pid, 'SIGSTOP');
  });
  process.on('SIGCONT', () => child.kill('SIGCONT'));
  let reported = false;
  const finish = (exitCode: number): void => {
    process.exitCode = exitCode;
    // Nothing else keeps the launcher: its signal listeners must not either.
    for (const forwarded of [...FORWARDED_SIGNALS, 'SIGTSTP', 'SIGCONT']) process.removeAllListeners(forwarded);
    if (child.connected) child.disconnect();
  };
  child.on('error', (error) => {
    process.stderr.write(`qk6: could not start Node for the test (${error.message})\n`);
    process.exitCode = 255;
  });
  child.on('message', (message) => {
    if (!isExitReport(message) || reported) return;
    reported = true;
    child.unref(); // the child ends once the channel closes (followLauncher)
    finish(message.qk6ExitCode);
  });
  child.on('exit', (code, signal) => {
    if (!reported) finish(code ?? 128 + (signal === null ? 0 : constants.signals[signal]));
  });
  return true;
}

/** What a relaunched child sends the launcher once its command is done. */
interface ExitReport {
  readonly qk6ExitCode: number;
}

function isExitReport(message: unknown): message is ExitReport {
  return typeof message === 'object' && message !== null && Number.isInteger((message as Partial<ExitReport>).qk6ExitCode);
}

/** Whether this process is a relaunched child that follows its launcher. */
let followingLauncher = false;

/**
 * In a relaunched child: ends the process when the launcher is gone (its IPC channel closed). The
 * marker leaves the environment here, before a script's `__ENV` is made of it.
 */
export function followLauncher(): void {
  if (process.env[RELAUNCHED_ENV] === undefined) return;
  delete process.env[RELAUNCHED_ENV];
  if (process.channel === undefined) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  followingLauncher = true;
}

/**
 * In a relaunched child whose command is done: once stdout and stderr have taken everything
 * written to them, sends the launcher `process.exitCode` (see the header). Elsewhere it does nothing.
 */
export async function reportExitToLauncher(): Promise<void> {
  if (!followingLauncher || process.send === undefined || !process.connected) return;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  const report: ExitReport = { qk6ExitCode: Number(process.exitCode ?? 0) };
  process.send(report);
}

/** Resolves once everything written to `stream` so far has been handed to the system. */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.write('', () => resolve());
  });
}
