// `npm run bench -- --soak`: a long run at constant VUs that watches qk6's memory. It runs
// `qk6 run --vus SOAK_VUS --duration SOAK_DURATION` (defaults 50 VUs, 10m) against the bench
// target — each iteration a GET, a check, a custom metric and a group — samples the process's RSS
// (all worker threads included) every 10 s with the iterations done so far, and says whether RSS
// stayed flat after warm-up: a per-iteration leak (an undisposed QuickJS handle, a growing host
// map) shows as steady growth proportional to the iterations. Linux only (/proc). Not a test.
// Run alone: node bench/soak.js
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { watchProcessTree } from './process-tree.js';
import { startTarget } from './target.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE_EVERY_MS = 10_000;
/** Growth after warm-up below this share of RSS (or below FLAT_MB) counts as flat. */
const FLAT_SHARE = 0.05;
const FLAT_MB = 16;

const script = `import http from 'k6/http';
import { check, group } from 'k6';
import { Trend } from 'k6/metrics';
const body = new Trend('soak_body_bytes');
export default function () {
  group('soak', () => {
    const res = http.get(__ENV.TARGET, { tags: { kind: 'soak' } });
    check(res, { 'status is 200': (r) => r.status === 200 });
    body.add(res.body.length);
  });
}
`;

/** `10m`, `90s`, `1h` → milliseconds. */
function parseDuration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text);
  if (match === null) throw new Error(`SOAK_DURATION must look like 60s, 10m or 1h, not ${text}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2]];
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * Judges the samples taken after warm-up (the first 20 % of the run, at least the first 2 samples):
 * the mean RSS of the last half against the first half, so that the garbage collector's sawtooth
 * (tens of MB either way between two samples) does not read as a trend.
 */
export function judge(samples, durationMs) {
  const warm = samples.filter((s) => s.seconds * 1000 >= Math.max(durationMs * 0.2, 2 * SAMPLE_EVERY_MS));
  if (warm.length < 4) return { verdict: 'too short to judge (need 4 samples after warm-up)' };
  const half = Math.floor(warm.length / 2);
  const mean = (list, key) => list.reduce((sum, s) => sum + s[key], 0) / list.length;
  const early = warm.slice(0, half);
  const late = warm.slice(warm.length - half);
  const fromMb = mean(early, 'rssMb');
  const toMb = mean(late, 'rssMb');
  const growthMb = toMb - fromMb;
  const iterations = mean(late, 'iterations') - mean(early, 'iterations');
  const flat = growthMb <= Math.max(FLAT_MB, fromMb * FLAT_SHARE);
  return {
    verdict: flat ? 'flat' : 'GROWING',
    warmUpSeconds: warm[0].seconds,
    fromMb: Number(fromMb.toFixed(1)),
    toMb: Number(toMb.toFixed(1)),
    growthMb: Number(growthMb.toFixed(1)),
    slopeMbPerMin: Number(slope(warm.map((s) => ({ x: s.seconds / 60, y: s.rssMb }))).toFixed(2)),
    bytesPerIteration: iterations > 0 ? Number(((Math.max(0, growthMb) * 1024 * 1024) / iterations).toFixed(2)) : undefined,
  };
}

export async function runSoak() {
  const duration = process.env.SOAK_DURATION ?? '10m';
  const durationMs = parseDuration(duration);
  const vus = Number(process.env.SOAK_VUS ?? 50);
  const target = await startTarget();
  const dir = mkdtempSync(join(tmpdir(), 'qk6-soak-'));
  const scriptPath = join(dir, 'soak.js');
  writeFileSync(scriptPath, script);
  console.log(`soak: ${vus} VUs for ${duration} against ${target.kind} at ${target.url}; RSS every ${SAMPLE_EVERY_MS / 1000}s`);
  const samples = [];
  let code;
  try {
    const args = [join(root, 'bin/qk6.js'), 'run', '--address', '', '--vus', String(vus), '--duration', duration, '-e', `TARGET=${target.url}`, '--summary-export', join(dir, 'summary.json'), scriptPath];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let iterations = 0;
    let stderrTail = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      const progress = [...chunk.matchAll(/(\d+) complete and \d+ interrupted iterations/g)].at(-1);
      if (progress) iterations = Number(progress[1]);
    });
    const started = performance.now();
    const watch = watchProcessTree(child.pid);
    const timer = setInterval(() => {
      const rss = watch.stats.rssMb;
      if (rss === 0) return;
      const sample = { seconds: Math.round((performance.now() - started) / 1000), rssMb: Number(rss.toFixed(1)), iterations };
      samples.push(sample);
      console.log(`  t=${String(sample.seconds).padStart(4)}s  rss=${sample.rssMb.toFixed(1).padStart(7)} MB  iterations=${sample.iterations}`);
    }, SAMPLE_EVERY_MS);
    code = await new Promise((resolve) => child.on('exit', resolve));
    clearInterval(timer);
    watch.stop();
    if (code !== 0) console.log(`qk6 exited with ${code}:\n${stderrTail}`);
  } finally {
    target.close();
  }
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const result = { duration, vus, iterations: summary.metrics.iterations?.count, reqPerSec: Math.round(summary.metrics.http_reqs?.rate ?? 0), ...judge(samples, durationMs) };
  console.table([result]);
  console.log(JSON.stringify({ soak: result, samples }));
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runSoak();
