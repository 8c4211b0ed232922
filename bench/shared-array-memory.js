#!/usr/bin/env node
// SharedArray memory: RSS of `qk6 run` with many VUs, without an array, with a ~10 MB SharedArray,
// and (for contrast) with the same data as a plain per-VU array. A SharedArray costs its size once
// per test, whatever the VU count (src/modules/data/shared-array-store.ts). "steady" is the median
// RSS while the VUs run (from 2 s after setup() to the end); "peak" is VmHWM, which includes the
// one-off build of the array in the init run and is noisier.
// Env: VUS (default 1000), PLAIN_VUS (default 50), DURATION (default 15s). A measurement, not a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watchProcessTree } from './process-tree.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const vus = Number(process.env.VUS ?? 1000);
const plainVus = Number(process.env.PLAIN_VUS ?? 50);
const duration = process.env.DURATION ?? '15s';
const ITEMS = 86_223; // ≈ 10 MiB of element JSON

const script = `
import { sleep } from 'k6';
import { SharedArray } from 'k6/data';
const make = () => Array.from({ length: ${ITEMS} }, (_, i) => ({ id: i, name: 'user' + i, email: 'user' + i + '@example.com', pad: 'x'.repeat(50) }));
const data = __ENV.MODE === 'shared' ? new SharedArray('big', make) : __ENV.MODE === 'plain' ? make() : [];
export function setup() {
  console.log('RUNNING');
}
export default function () {
  if (data.length > 0 && data[(__VU * 7919 + __ITER) % data.length].id < 0) throw new Error('unreachable');
  sleep(1);
}
`;

/** Runs one configuration and samples its memory from /proc every 100 ms. */
function run(mode, vuCount) {
  const dir = mkdtempSync(join(tmpdir(), 'qk6-shared-array-'));
  writeFileSync(join(dir, 'script.js'), script);
  const args = [join(root, 'bin', 'qk6.js'), 'run', '--no-summary', '-e', `MODE=${mode}`, '--vus', String(vuCount), '--duration', duration, 'script.js'];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let runningSince;
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if (runningSince === undefined && stderr.includes('RUNNING')) runningSince = performance.now();
  });
  const steady = [];
  const watch = watchProcessTree(child.pid);
  const timer = setInterval(() => {
    const rss = watch.stats.rssMb;
    if (runningSince !== undefined && performance.now() - runningSince > 2000 && rss > 0) steady.push(rss);
  }, 100);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(timer);
      watch.stop();
      steady.sort((a, b) => a - b);
      // Drop the last second: the VUs are being disposed.
      const window = steady.slice(0, Math.max(1, steady.length - 10));
      const median = window[Math.floor(window.length / 2)] ?? 0;
      if (code !== 0 || median === 0) process.stderr.write(`qk6 exited ${code} (${mode}, ${vuCount} VUs):\n${stderr.slice(-2000)}\n`);
      resolve({ mode, vus: vuCount, steadyMb: Math.round(median), peakMb: Math.round(watch.stats.peakRssMb) });
    });
  });
}

const results = [];
for (const [mode, count] of [['none', vus], ['shared', vus], ['none', plainVus], ['plain', plainVus]]) {
  const result = await run(mode, count);
  results.push(result);
  console.log(`${mode.padEnd(6)} ${String(count).padStart(5)} VUs: steady RSS ${result.steadyMb} MB, peak RSS ${result.peakMb} MB`);
}
const [none, shared, smallNone, plain] = results;
console.log(`SharedArray (~10 MB) with ${vus} VUs: +${shared.steadyMb - none.steadyMb} MB steady RSS, +${shared.peakMb - none.peakMb} MB peak RSS over no array.`);
console.log(`The same data as a plain array: +${Math.round((plain.steadyMb - smallNone.steadyMb) / plainVus)} MB steady RSS per VU (${plainVus} VUs).`);
