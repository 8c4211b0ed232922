#!/usr/bin/env node
// Launcher for both `qk6` and `k6`: all logic lives in dist/cli/main.js. `qk6 run` on Node 20
// relaunches Node with V8's stack switching on (dist/cli/relaunch.js); otherwise a run's VU
// workers start loading before the CLI does (dist/execution/worker/early-worker.js), so main is
// imported after it; the run's heaps grow at most 1.5× between full collections (heap-growth.js).
import { followLauncher, relaunchForStackSwitching } from '../dist/cli/relaunch.js';
import { isRunCommand, startEarlyWorkers } from '../dist/execution/worker/early-worker.js';
import { limitHeapGrowth } from '../dist/execution/heap-growth.js';

const args = process.argv.slice(2);
if (!relaunchForStackSwitching(args)) {
  if (isRunCommand(args)) limitHeapGrowth();
  followLauncher();
  startEarlyWorkers(args);
  const { main } = await import('../dist/cli/main.js');
  await main();
}
