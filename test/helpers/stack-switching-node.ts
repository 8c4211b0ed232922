// Runs a fixture in a Node with the stack switching `qk6 run` relaunches with: in-process tests run
// without V8's stack switching, so stack-switched engines are tested in a child process.
import { execFileSync } from 'node:child_process';
import { stackSwitchingNodeOptions } from '../../src/vu/stack-switching.js';

/** Runs `fixture` (a path) with qk6's stack-switching Node options; returns what it printed. */
export function runWithStackSwitching(fixture: string): string {
  const options = stackSwitchingNodeOptions([], process.versions.v8);
  if (options === undefined) throw new Error(`qk6 switches no stacks on this Node (V8 ${process.versions.v8})`);
  return execFileSync(process.execPath, [...options, fixture], { encoding: 'utf8', timeout: 30_000 });
}
