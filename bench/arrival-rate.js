// The arrival-rate line of `npm run bench`: does qk6 start iterations at the configured rate? Runs a
// constant-arrival-rate scenario (1000 it/s by default, each iteration one GET to the bench target)
// for BENCH_DURATION (default 10s) and reports the rate of iterations that really started on a VU
// (`iterations`, over the scenario's duration) against the configured one, plus the starts that
// found no free VU (`dropped_iterations`). Target: within 1 %. Run alone: node bench/arrival-rate.js
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTarget } from './target.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const script = `import http from 'k6/http';
const scenario = JSON.parse(__ENV.SCENARIO);
export const options = { scenarios: { arrival: scenario } };
export default function () {
  http.get(__ENV.TARGET);
}
`;

/** `10s`, `1m`, `500ms` → seconds. */
function seconds(duration) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(duration);
  if (match === null) throw new Error(`BENCH_DURATION must look like 10s, 1m or 500ms, not ${duration}`);
  return Number(match[1]) / { ms: 1000, s: 1, m: 1 / 60 }[match[2]];
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

/**
 * Runs the arrival-rate benchmark against its own target and returns its table row:
 * `{ tool, configuredRate, achievedStartRate, achievedVsConfigured, dropped }`.
 */
export async function runArrivalRateBench({ rate = 1000, duration = process.env.BENCH_DURATION ?? '10s' } = {}) {
  const durationSeconds = seconds(duration);
  const scenario = {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration,
    preAllocatedVUs: Math.max(10, Math.ceil(rate / 20)),
    maxVUs: Math.max(50, Math.ceil(rate / 4)),
  };
  const dir = mkdtempSync(join(tmpdir(), 'qk6-bench-arrival-'));
  const scriptPath = join(dir, 'arrival-rate.js');
  const exportPath = join(dir, 'summary.json');
  writeFileSync(scriptPath, script);
  const target = await startTarget();
  let result;
  try {
    result = await run([
      join(root, 'bin/qk6.js'), 'run', '-q',
      '-e', `TARGET=${target.url}`, '-e', `SCENARIO=${JSON.stringify(scenario)}`,
      '--summary-export', exportPath, scriptPath,
    ]);
  } finally {
    target.close();
  }
  if (result.code !== 0) throw new Error(`qk6 arrival-rate run exited with ${result.code}:\n${result.stderr.slice(-2000)}`);
  const { metrics } = JSON.parse(readFileSync(exportPath, 'utf8'));
  const started = metrics.iterations?.count ?? 0;
  const achievedStartRate = started / durationSeconds;
  return {
    tool: 'qk6 arrival-rate',
    configuredRate: rate,
    achievedStartRate: Number(achievedStartRate.toFixed(1)),
    achievedVsConfigured: Number((achievedStartRate / rate).toFixed(4)),
    dropped: metrics.dropped_iterations?.count ?? 0,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table([await runArrivalRateBench()]);
}
