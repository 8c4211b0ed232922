import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { findSharedArray, storeSharedArray } from '../../src/modules/data/shared-array-store.js';

describe('SharedArray store', () => {
  it('keeps each element\'s JSON in shared memory and reads elements and runs back', () => {
    const items = ['{"a":1}', '"é€😀"', '2', 'undefined', '[1,2]'];
    const stored = storeSharedArray('store-test', items);
    expect(stored.length).toBe(5);
    expect(items.map((_, i) => stored.item(i))).toEqual(items);
    expect(stored.item(5)).toBeUndefined();
    expect(stored.item(-1)).toBeUndefined();
    expect(stored.items(1, 3)).toEqual(['"é€😀"', '2']);
    expect(stored.items(3, 100)).toEqual(['undefined', '[1,2]']);
    expect(stored.buffers.bytes).toBeInstanceOf(SharedArrayBuffer);
  });

  it('keeps the first array stored under a name', () => {
    const first = storeSharedArray('store-first', ['1']);
    expect(storeSharedArray('store-first', ['2', '3'])).toBe(first);
    expect(findSharedArray('store-first')?.item(0)).toBe('1');
    expect(findSharedArray('store-missing')).toBeUndefined();
  });

  it('caps a read-ahead run by size but always returns one element', () => {
    const big = JSON.stringify('x'.repeat(40_000));
    const stored = storeSharedArray('store-big', [big, big, big]);
    expect(stored.items(0, 3)).toHaveLength(1);
    expect(stored.items(0, 3, 1)).toHaveLength(1);
    expect(stored.items(0, 3, 1_000_000)).toHaveLength(3);
  });

  it('hands the main thread\'s arrays to workers started later, sharing the same memory', async () => {
    const stored = storeSharedArray('store-shared', ['"from main"', '42']);
    const source = `
      const { getEnvironmentData, parentPort } = require('node:worker_threads');
      const arrays = getEnvironmentData('qk6:k6/data:shared-arrays');
      const entry = arrays.get('store-shared');
      const offsets = new Uint32Array(entry.offsets);
      const text = Buffer.from(entry.bytes).toString('utf8', offsets[0], offsets[1]);
      new Uint8Array(entry.bytes)[1] = 0x46; // 'f' -> 'F', visible to the main thread if shared
      parentPort.postMessage(text);
    `;
    const worker = new Worker(source, { eval: true });
    const message = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(message).toBe('"from main"');
    expect(stored.item(0)).toBe('"From main"');
  });
});
