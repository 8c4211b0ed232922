#!/usr/bin/env node
// `npm run bench`: qk6's load-generation benchmark, side by side with the no-scripting Node ceiling
// (autocannon; at 10 connections also plain undici loops timed to the microsecond) and, when K6_BIN
// points to a k6 binary, k6 itself — same target, same run. The rows with `body: '16 KiB JSON'`
// request a 16 KiB JSON response at 100 VUs instead of the 32-byte text (and with
// `script: 'res.json()'` parse it in the check); the rows with `script: 'sleep(1)'` run 1000 VUs
// of the shape most k6 tests have, a request, a check and a one-second sleep, where what counts is
// the CPU each iteration costs and the latency reported.
// Prints a table and writes it as JSON to bench/results/ (latest.json + a timestamped copy).
// Env: BENCH_DURATION (default 10s), K6_BIN (optional). This is a benchmark, not a test.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { watchProcessTree } from './process-tree.js';
import { freePort, startTarget } from './target.js';
import { runArrivalRateBench } from './arrival-rate.js';
import { runLatencyReference } from './latency-reference.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const duration = process.env.BENCH_DURATION ?? '10s';
const durationSeconds = Number.parseFloat(duration);
/**
 * qk6's debug line once every VU of the run is initialised, timed from the start of VU
 * initialisation (the workers' own lines before it count only their share).
 */
const ALL_VUS_READY = /\d+ VUs initialised in ([\d.]+) ?ms on \d+ worker/;

const script = `import http from 'k6/http';
import { check } from 'k6';
export default function () {
  const res = http.get(__ENV.TARGET);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
`;
// The 16 KiB JSON body parsed by the script, as a test of an API does: the rows marked
// `script: 'res.json()'` weigh the script's own work, where the others weigh the request's.
const parsingScript = `import http from 'k6/http';
import { check } from 'k6';
export default function () {
  const res = http.get(__ENV.TARGET);
  check(res, { 'has items': (r) => r.json().length > 0 });
}
`;
const sleepingScript = `import http from 'k6/http';
import { check, sleep } from 'k6';
export default function () {
  const res = http.get(__ENV.TARGET);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(1);
}
`;

/** Requests the tester has made so far, from its REST API (k6's `/v1/metrics/http_reqs`, which qk6 serves too). */
async function requestsSoFar(apiPort) {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}/v1/metrics/http_reqs`);
    const body = await response.json();
    return body?.data?.attributes?.sample?.count;
  } catch {
    return undefined; // not serving (yet), or the metric has no sample yet
  }
}

/**
 * Runs a load tester. With `steady` ({ apiPort } of its REST API, and whether the test starts at
 * qk6's "all VUs initialised" line rather than at the spawn), it also measures the *steady state*:
 * from the middle of the test until shortly before its end, after the JIT warm-up, connection
 * set-up and first garbage collections; whole-run figures average those in.
 */
function runProcess(command, args, env, steady) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const watch = watchProcessTree(child.pid);
    let stdout = '';
    let stderr = '';
    /** From the spawn until every VU is initialised (qk6's debug line for the whole run). */
    let startToReadyMs;
    const probes = [];
    const probe = async () => {
      const count = await requestsSoFar(steady.apiPort);
      if (count !== undefined) probes.push({ at: performance.now(), count, cpuSeconds: watch.stats.cpuSeconds });
    };
    const timers = [];
    const scheduleProbes = () => {
      timers.push(setTimeout(probe, (durationSeconds * 1000) / 2), setTimeout(probe, durationSeconds * 1000 - 500));
    };
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (startToReadyMs === undefined && ALL_VUS_READY.test(stderr)) {
        startToReadyMs = performance.now() - started;
        if (steady?.fromReadyLine) scheduleProbes();
      }
    });
    if (steady !== undefined && !steady.fromReadyLine) scheduleProbes();
    child.on('exit', (code) => {
      watch.stop();
      for (const timer of timers) clearTimeout(timer);
      const [first, last] = probes;
      const steadyState =
        first !== undefined && last !== undefined && last.count > first.count
          ? { reqPerSec: ((last.count - first.count) * 1000) / (last.at - first.at), cpuMicrosPerReq: ((last.cpuSeconds - first.cpuSeconds) * 1e6) / (last.count - first.count) }
          : undefined;
      resolve({ code, stdout, stderr, wallSeconds: (performance.now() - started) / 1000, cpuSeconds: watch.stats.cpuSeconds, peakRssMb: watch.stats.peakRssMb, peakPssMb: watch.stats.peakPssMb, startToReadyMs, steady: steadyState });
    });
  });
}

async function runLoadTester(name, command, argsFor, vus, target, dir) {
  const exportPath = join(dir, `${name}-${vus}.json`);
  const apiPort = await freePort();
  const result = await runProcess(command, argsFor(vus, exportPath, apiPort), { TARGET: target.url }, { apiPort, fromReadyLine: name === 'qk6' });
  if (result.code !== 0) throw new Error(`${name} at ${vus} VUs exited with ${result.code}:\n${result.stderr.slice(-2000)}`);
  const summary = JSON.parse(readFileSync(exportPath, 'utf8'));
  const requests = summary.metrics.http_reqs.count;
  const initMatch = ALL_VUS_READY.exec(result.stderr);
  return {
    tool: name,
    vus,
    reqPerSec: Math.round(summary.metrics.http_reqs.rate),
    cpuMicrosPerReq: Number(((result.cpuSeconds * 1e6) / requests).toFixed(1)),
    peakRssMb: Math.round(result.peakRssMb),
    peakPssMb: Math.round(result.peakPssMb),
    steadyReqPerSec: result.steady === undefined ? undefined : Math.round(result.steady.reqPerSec),
    steadyCpuMicrosPerReq: result.steady === undefined ? undefined : Number(result.steady.cpuMicrosPerReq.toFixed(1)),
    p50Ms: summary.metrics.http_req_duration.med,
    p95Ms: Number(summary.metrics.http_req_duration['p(95)'].toFixed(2)),
    vusReadyMs: initMatch ? Number(initMatch[1]) : undefined,
    startToReadyMs: result.startToReadyMs === undefined ? undefined : Math.round(result.startToReadyMs),
  };
}

async function runAutocannon(connections, target) {
  const result = await autocannon({ url: target.url, connections, duration: durationSeconds, pipelining: 1 });
  return { tool: 'autocannon', vus: connections, reqPerSec: Math.round(result.requests.average), p50Ms: result.latency.p50 };
}

async function main() {
  const target = await startTarget();
  const dir = mkdtempSync(join(tmpdir(), 'qk6-bench-'));
  const scriptPath = join(dir, 'bench.js');
  writeFileSync(scriptPath, script);
  const parsingScriptPath = join(dir, 'parsing.js');
  writeFileSync(parsingScriptPath, parsingScript);
  const sleepingScriptPath = join(dir, 'sleeping.js');
  writeFileSync(sleepingScriptPath, sleepingScript);
  const qk6ArgsTo = (url, path = scriptPath) => (vus, exportPath, apiPort) => [join(root, 'bin/qk6.js'), 'run', '-q', '-v', '--address', `127.0.0.1:${apiPort}`, '--vus', String(vus), '--duration', duration, '-e', `TARGET=${url}`, '--summary-export', exportPath, path];
  const k6ArgsTo = (url, path = scriptPath) => (vus, exportPath, apiPort) => ['run', '-q', '--no-usage-report', '--address', `127.0.0.1:${apiPort}`, '--vus', String(vus), '--duration', duration, '-e', `TARGET=${url}`, '--summary-export', exportPath, path];
  const qk6Args = qk6ArgsTo(target.url);
  const k6Args = k6ArgsTo(target.url);
  // A typical API response instead of the 32-byte text: 16 KiB of JSON (bench/target.js).
  const json = { ...target, url: `${target.url}json-16k` };
  const withJson = async (row) => ({ ...(await row), body: '16 KiB JSON' });
  const sleeping = async (row) => ({ ...(await row), script: 'sleep(1)' });
  const parsing = async (row) => ({ ...(await row), body: '16 KiB JSON', script: 'res.json()' });
  const rows = [];
  try {
    console.log(`target: ${target.kind} at ${target.url}; duration ${duration} per run`);
    for (const vus of [100, 1000]) {
      rows.push(await runLoadTester('qk6', process.execPath, qk6Args, vus, target, dir));
      if (process.env.K6_BIN) rows.push(await runLoadTester('k6', process.env.K6_BIN, k6Args, vus, target, dir));
      rows.push(await runAutocannon(vus, target));
    }
    rows.push(await runLoadTester('qk6', process.execPath, qk6Args, 10, target, dir));
    rows.push(await runAutocannon(10, target));
    // autocannon's whole-millisecond latency cannot judge qk6's sub-millisecond median at 10 VUs.
    rows.push(await runLatencyReference(10, target, durationSeconds));
    rows.push(await withJson(runLoadTester('qk6', process.execPath, qk6ArgsTo(json.url), 100, json, dir)));
    if (process.env.K6_BIN) rows.push(await withJson(runLoadTester('k6', process.env.K6_BIN, k6ArgsTo(json.url), 100, json, dir)));
    rows.push(await withJson(runAutocannon(100, json)));
    rows.push(await parsing(runLoadTester('qk6', process.execPath, qk6ArgsTo(json.url, parsingScriptPath), 100, json, dir)));
    if (process.env.K6_BIN) rows.push(await parsing(runLoadTester('k6', process.env.K6_BIN, k6ArgsTo(json.url, parsingScriptPath), 100, json, dir)));
    rows.push(await sleeping(runLoadTester('qk6', process.execPath, qk6ArgsTo(target.url, sleepingScriptPath), 1000, target, dir)));
    if (process.env.K6_BIN) rows.push(await sleeping(runLoadTester('k6', process.env.K6_BIN, k6ArgsTo(target.url, sleepingScriptPath), 1000, target, dir)));
    rows.push(await runArrivalRateBench({ duration }));
  } finally {
    target.close();
  }
  for (const vus of [10, 100, 1000]) {
    for (const [body, shape] of [[undefined, undefined], ['16 KiB JSON', undefined], ['16 KiB JSON', 'res.json()'], [undefined, 'sleep(1)']]) {
      const qk6 = rows.find((r) => r.tool === 'qk6' && r.vus === vus && r.body === body && r.script === shape);
      const k6 = rows.find((r) => r.tool === 'k6' && r.vus === vus && r.body === body && r.script === shape);
      if (qk6 && k6) qk6.ratioToK6 = Number((qk6.reqPerSec / k6.reqPerSec).toFixed(2));
    }
  }
  console.table(rows);
  // SharedArray memory at 1000 VUs (issue: it must not be copied per VU); its own script prints the table.
  const sharedArray = await runProcess(process.execPath, [join(root, 'bench/shared-array-memory.js')], { DURATION: duration });
  console.log(sharedArray.stdout);
  // Start-up with a big script: its modules compiled once per worker, not per VU.
  const bigScript = await runProcess(process.execPath, [join(root, 'bench/big-script-startup.js')], {});
  console.log(bigScript.stdout);
  const record = {
    date: new Date().toISOString(),
    node: process.version,
    target: target.kind,
    duration,
    rows,
    sharedArray: sharedArray.stdout.trim().split('\n'),
    bigScriptStartup: bigScript.stdout.trim(),
  };
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(join(resultsDir, `${record.date.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(record, null, 2)}\n`);
}

// `npm run bench -- --soak`: only the long memory run (bench/soak.js).
if (process.argv.includes('--soak')) await (await import('./soak.js')).runSoak();
else await main();
