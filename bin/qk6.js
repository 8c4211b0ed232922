#!/usr/bin/env node
// Launcher for both `qk6` and `k6`: all logic lives in dist/cli/main.js. A run's first VU worker
// starts loading before the CLI does (dist/execution/worker/early-worker.js), so main is imported
// after it.
import { startEarlyWorker } from '../dist/execution/worker/early-worker.js';

startEarlyWorker(process.argv.slice(2));
const { main } = await import('../dist/cli/main.js');
await main();
