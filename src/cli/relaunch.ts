/**
 * `qk6 run` on Node 20 relaunches Node with V8's stack switching on (src/vu/stack-switching.ts),
 * so that VUs run the faster stack-switched QuickJS (src/vu/suspending-engine.ts). The launcher
 * stays as a thin parent: the child inherits the terminal, the environment and the arguments, and
 * its exit code or signal becomes the launcher's.
 *
 * Signals: the child runs in its own process group, so a Ctrl+C in the terminal reaches only the
 * launcher, which passes it on once — the child's first SIGINT stops the test gracefully, a second
 * one at once, as without the relaunch. A launcher killed outright (SIGKILL) takes the child with
 * it: the child watches its IPC channel to the launcher ({@link followLauncher}).
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
  child.on('error', (error) => {
    process.stderr.write(`qk6: could not start Node for the test (${error.message})\n`);
    process.exitCode = 255;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (signal === null ? 0 : constants.signals[signal]);
    // Nothing else keeps the launcher: its signal listeners must not either.
    for (const forwarded of FORWARDED_SIGNALS) process.removeAllListeners(forwarded);
    if (child.connected) child.disconnect();
  });
  return true;
}

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
}
