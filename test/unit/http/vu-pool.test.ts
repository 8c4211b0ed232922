// A VU's per-origin pool (src/modules/http/vu-pool.ts): undici's Pool without its 16 KiB wait queue,
// requests that do wait still served in order, and undici's queue found where it is expected (this
// fails first if an undici upgrade moves it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undici } from '../../../src/modules/http/undici-module.js';
import { vuPoolFactory } from '../../../src/modules/http/vu-pool.js';

let server: Server;
let origin: string;
const connections = new Set<unknown>();
let served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    connections.add(req.socket);
    // Slow enough that the requests below overlap.
    setTimeout(() => {
      served.push(req.url ?? '');
      res.end(req.url);
    }, 20);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function queueOf(pool: object): unknown {
  const key = Object.getOwnPropertySymbols(pool).find((symbol) => symbol.description === 'queue');
  return key === undefined ? undefined : (pool as Record<symbol, unknown>)[key];
}

describe('vuPoolFactory', () => {
  it("replaces undici's 2,048-slot wait queue", async () => {
    const { Pool } = undici();
    const plain = new Pool(origin);
    const light = vuPoolFactory(Pool)(origin, {});
    try {
      expect((queueOf(plain) as object).constructor.name).toBe('FixedQueue');
      expect(queueOf(light)).toBeDefined();
      expect((queueOf(light) as object).constructor.name).not.toBe('FixedQueue');
    } finally {
      await plain.close();
      await light.close();
    }
  });

  it('serves requests that wait for a connection, in order', async () => {
    const { Pool } = undici();
    // One connection: four requests at once, three of them wait in the queue.
    const pool = vuPoolFactory(Pool)(origin, { connections: 1 });
    connections.clear();
    served = [];
    try {
      const bodies = await Promise.all(
        ['/a', '/b', '/c', '/d'].map(async (path) => {
          const response = await request(origin + path, { dispatcher: pool });
          return response.body.text();
        }),
      );
      expect(bodies).toEqual(['/a', '/b', '/c', '/d']);
      expect(served).toEqual(['/a', '/b', '/c', '/d']);
      expect(connections.size).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('gives overlapping requests their own connections through an agent, as before', async () => {
    const { Agent, Pool } = undici();
    const agent = new Agent({ factory: vuPoolFactory(Pool) });
    connections.clear();
    try {
      const statuses = await Promise.all([1, 2, 3].map(async (n) => {
        const response = await request(`${origin}/${n}`, { dispatcher: agent });
        await response.body.text();
        return response.statusCode;
      }));
      expect(statuses).toEqual([200, 200, 200]);
      expect(connections.size).toBe(3);
    } finally {
      await agent.close();
    }
  });
});
