// Fallback benchmark target when nginx is not installed: a node:http server on 2 cluster workers.
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { jsonBody16k } from './target.js';

const port = Number(process.argv[2]);
if (cluster.isPrimary) {
  for (let i = 0; i < 2; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  });
} else {
  const json = jsonBody16k();
  createServer((req, res) => {
    if (req.url === '/json-16k') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(json);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('hello from the benchmark target\n');
  }).listen(port, '127.0.0.1');
}
