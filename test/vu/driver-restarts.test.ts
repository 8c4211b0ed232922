// A stack-switched VU's driver (src/vu/engine-driver.ts) is replaced after a number of suspensions,
// not of commands: V8 11.3 keeps garbage for every suspension until the driver returns, and a
// command (an iteration) can suspend many times. Commands keep their results across replacements.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runWithStackSwitching } from '../helpers/stack-switching-node.js';

const fixture = fileURLToPath(new URL('../fixtures/vu/driver-restarts.mjs', import.meta.url));

describe("a stack-switched VU's driver", () => {
  it('is replaced after ~500 suspensions, whether they come from host calls or between commands', () => {
    const result = JSON.parse(runWithStackSwitching(fixture)) as { busy: number[]; sum: number; busyDrivers: number; quietDrivers: number };
    expect(result.busy).toEqual([300, 1300, 2300, 3300, 4300, 5300, 6300, 7300]);
    let sum = 0;
    for (let command = 0; command < 1500; command++) sum += command % 7;
    expect(result.sum).toBe(sum);
    // 8 commands of 301 suspensions each: a new driver for every second command, four in all
    // (counting commands, 500 to a driver, entered one).
    expect(result.busyDrivers).toBe(4);
    // 1,500 suspensions between commands, the first ones counted into the driver the busy commands
    // left: three or four more.
    expect(result.quietDrivers).toBeGreaterThanOrEqual(3);
    expect(result.quietDrivers).toBeLessThanOrEqual(4);
  });
});
