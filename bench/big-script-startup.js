#!/usr/bin/env node
// Start-up with a big script: how long `qk6 run` takes to initialise its VUs, and its peak RSS,
// when the script imports a generated module of ~KB kilobytes of functions (bundled k6 scripts
// and jslib libraries are this size). Each VU runs the script's init code itself, as in k6; the
// compiled code comes from the worker's engine template (src/vu/engine-template.ts). No network.
// Env: VUS (default 1000), KB (default 80). A measurement, not a test.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watchProcessTree } from './process-tree.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const vus = Number(process.env.VUS ?? 1000);
const kilobytes = Number(process.env.KB ?? 80);

/** A module of ~`size` bytes: exported functions with a little of everything QuickJS compiles. */
function library(size) {
  const lines = [];
  let bytes = 0;
  for (let i = 0; bytes < size; i++) {
    const line = `export function f${i}(a, b) { const o = { x: a, y: b, list: [1, 2, 3].map((v) => v * a) }; if (a > ${i}) { return JSON.stringify(o) + String(b).repeat(2); } for (let j = 0; j < 3; j++) { o.x += j; } return o; }\n`;
    lines.push(line);
    bytes += line.length;
  }
  return lines.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'qk6-big-script-'));
writeFileSync(join(dir, 'lib.js'), library(kilobytes * 1024));
writeFileSync(
  join(dir, 'script.js'),
  `import { f1 } from './lib.js';\nconst atInit = f1(__VU, 2);\nexport default function () { if (f1(__VU, 2) !== atInit) throw new Error('unreachable'); }\n`,
);

const args = [join(root, 'bin', 'qk6.js'), 'run', '--no-summary', '-v', '--vus', String(vus), '--iterations', String(vus), 'script.js'];
const started = performance.now();
const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
const watch = watchProcessTree(child.pid);
let stderr = '';
child.stderr.on('data', (chunk) => {
  stderr += chunk;
});
child.on('close', (code) => {
  watch.stop();
  const ready = /(\d+) VUs initialised in ([\d.]+) ?ms on (\d+) worker/.exec(stderr);
  if (code !== 0 || ready === null) {
    process.stderr.write(`qk6 exited ${code}:\n${stderr.slice(-2000)}\n`);
    process.exit(1);
  }
  const template = /VUs start from an engine template: ([^"]*)/.exec(stderr)?.[1] ?? 'no engine template';
  console.log(`${kilobytes} KB module, ${vus} VUs on ${ready[3]} workers: VU init ${Math.round(Number(ready[2]))} ms, ` +
    `whole run ${Math.round(performance.now() - started)} ms, peak RSS ${Math.round(watch.stats.peakRssMb)} MB (${template})`);
});
