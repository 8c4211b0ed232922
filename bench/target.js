// The benchmark's target: nginx on 127.0.0.1 when installed (fast enough not to be the bottleneck),
// else a Node cluster server. Returns { url, kind, close() }.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function findNginx() {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  return undefined;
}

async function waitForPort(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`target at ${url} did not start`);
}

/** The body of `/json-16k`: a 16 KiB JSON array, the size of a typical API response. */
export function jsonBody16k() {
  const items = [];
  for (let id = 0; JSON.stringify(items).length < 16 * 1024 - 64; id++) items.push({ id, name: `item ${id}`, tags: ['a', 'b'], price: id * 1.25 });
  return JSON.stringify(items);
}

export async function startTarget() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const nginx = findNginx();
  if (nginx !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'qk6-bench-nginx-'));
    writeFileSync(join(dir, 'json-16k'), jsonBody16k());
    writeFileSync(
      join(dir, 'nginx.conf'),
      `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; client_body_temp_path ${dir}; proxy_temp_path ${dir};
  fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  server { listen 127.0.0.1:${port}; location / { default_type text/plain; return 200 "hello from the benchmark target\\n"; }
    location = /json-16k { default_type application/json; root ${dir}; } } }`,
    );
    const child = spawn(nginx, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
    await waitForPort(url);
    return { url, kind: 'nginx (1 worker)', close: () => child.kill('SIGTERM') };
  }
  const child = spawn(process.execPath, [fileURLToPath(new URL('./node-target.js', import.meta.url)), String(port)], { stdio: 'ignore' });
  await waitForPort(url);
  return { url, kind: 'node:http cluster (2 workers) — install nginx for a faster target', close: () => child.kill('SIGTERM') };
}
