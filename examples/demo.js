// `npm run demo`: starts the demo target on a free 127.0.0.1 port and runs examples/quickstart.js
// against it with the local qk6 (`node bin/qk6.js run -e BASE_URL=<url> examples/quickstart.js`).
// Extra arguments go to `qk6 run`, e.g. `npm run demo -- --summary-mode=full`.
// Exits with qk6's exit code; Ctrl+C stops the test gracefully (summary included), twice stops it hard.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDemoTarget } from './demo-target/server.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const launcher = fileURLToPath(new URL('../bin/qk6.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

async function main() {
  if (!existsSync(built)) {
    console.error('qk6 is not built yet: run `npm run build` first (or `npm test`, which builds).');
    process.exitCode = 1;
    return;
  }
  const target = await startDemoTarget({ port: 0, host: '127.0.0.1' });
  console.log(`demo target listening on ${target.url}`);

  // k6-compat: a terminal's Ctrl+C signals the whole foreground process group, and qk6 (like k6)
  // treats a second SIGINT as "stop now". Starting qk6 in its own process group (detached) means it
  // sees each signal exactly once: the one this wrapper forwards. Windows has no process groups,
  // and detached there would open a new console, so it stays attached.
  const child = spawn(
    process.execPath,
    [launcher, 'run', '-e', `BASE_URL=${target.url}`, ...process.argv.slice(2), 'examples/quickstart.js'],
    { cwd: repo, stdio: 'inherit', detached: process.platform !== 'win32' },
  );

  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, forward);
  // If this wrapper dies some other way, do not leave a detached qk6 running.
  const killChild = () => forward('SIGKILL');
  process.on('exit', killChild);

  const { code, signal } = await new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`could not start qk6: ${error.message}`);
      resolve({ code: 1, signal: null });
    });
    child.once('exit', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  });

  for (const s of signals) process.off(s, forward);
  process.off('exit', killChild);
  await target.close();
  process.exitCode = code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1);
}

await main();
