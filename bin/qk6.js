#!/usr/bin/env node
// Launcher for both `qk6` and `k6`: all logic lives in dist/cli/main.js.
import { main } from '../dist/cli/main.js';

await main();
