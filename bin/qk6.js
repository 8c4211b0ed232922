#!/usr/bin/env node
// Launcher for both `qk6` and `k6`: all logic lives in src/cli/main.ts, loaded from its bundle
// (dist/bundle, scripts/bundle-cli.js says why). `qk6 run` on Node 20 relaunches Node with V8's
// stack switching on (src/cli/relaunch.ts; the relaunched child hands its exit code back when it
// is done); otherwise a run's VU workers start loading before the CLI does
// (src/execution/worker/early-worker.ts), so main is imported after it; the run's heaps grow at
// most 1.5× between full collections, marked on their own threads while VUs start
// (src/execution/gc-tuning.ts).
import { followLauncher, relaunchForStackSwitching, reportExitToLauncher } from '../dist/bundle/relaunch.js';
import { isRunCommand, startEarlyWorkers } from '../dist/bundle/early-worker.js';
import { tuneGarbageCollection } from '../dist/bundle/gc-tuning.js';

const args = process.argv.slice(2);
if (!relaunchForStackSwitching(args)) {
  if (isRunCommand(args)) tuneGarbageCollection();
  followLauncher();
  startEarlyWorkers(args);
  const { main } = await import('../dist/bundle/main.js');
  await main();
  await reportExitToLauncher();
}
