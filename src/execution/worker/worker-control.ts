/**
 * The worker's side of live control (REST API): pauses and resumes its test clock, and scales its
 * share of the scalable scenarios — initialising new VUs (and activating them once their scenario
 * runs), changing how many loop, and disposing VUs when `vus-max` goes down. Each request is
 * answered with the worker's counters once the change has settled, so the main thread can reply
 * to the REST client with fresh numbers.
 */
import { isQk6Error } from '../../errors/qk6-error.js';
import { ScriptExceptionError } from '../../errors/errors.js';
import type { VirtualUser } from '../../vu/virtual-user.js';
import { LiveVus } from '../live-vus.js';
import type { RunState } from '../run-state.js';
import { initializeVus, type ScenarioShare, type VuEnvironment } from '../vu-runner.js';
import type { ControlMessage, SerializedError, WorkerCounters, WorkerMessage } from './worker-protocol.js';

const SETTLE_POLL_MS = 10;

/** A LiveVus for a scenario the REST API can scale (externally-controlled, constant-vus). */
export function liveVusFor(scenario: ScenarioShare['scenario']): LiveVus | undefined {
  return scenario.executor === 'externally-controlled' || scenario.executor === 'constant-vus' ? new LiveVus(scenario.vus) : undefined;
}

/** This worker's counters, as in its reports. */
export function workerCounters(state: RunState): WorkerCounters {
  return {
    activeVUs: state.activeVUs,
    completedIterations: state.completedIterations,
    interruptedIterations: state.interruptedIterations,
    scenarios: [...state.scenarios].map(([name, counters]) => [name, { ...counters }] as const),
  };
}

export class WorkerControl {
  /** VUs created by scale requests (the worker disposes its initial VUs itself). */
  private readonly added = new Set<VirtualUser>();
  private readonly lives = new Map<string, LiveVus>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: RunState,
    private readonly environment: VuEnvironment,
    shares: readonly ScenarioShare[],
    private readonly send: (message: WorkerMessage) => void,
  ) {
    for (const share of shares) if (share.live !== undefined) this.lives.set(share.scenario.name, share.live);
  }

  /** Puts each live share's slice of the initialised VUs into its pool (same slicing as runScenarioShares). */
  fillPools(shares: readonly ScenarioShare[], vus: readonly VirtualUser[]): void {
    let offset = 0;
    for (const share of shares) {
      share.live?.pool.push(...vus.slice(offset, offset + share.vus));
      offset += share.vus;
    }
  }

  /** Handles one request after the ones before it, and answers it. */
  handle(message: ControlMessage): void {
    this.queue = this.queue.then(async () => {
      let error: SerializedError | undefined;
      try {
        if (message.type === 'pause') await this.setPaused(message.paused);
        else await this.scale(message);
      } catch (failure) {
        error = isQk6Error(failure)
          ? { code: failure.code, message: failure.message, scriptStack: failure instanceof ScriptExceptionError ? failure.scriptStack : undefined }
          : { code: 'QK6_ERR_INTERNAL', message: failure instanceof Error ? failure.message : String(failure) };
      }
      this.send({ type: 'controlled', requestId: message.requestId, counters: workerCounters(this.state), error });
    });
  }

  /** Interrupts the VUs scale requests added (the test is stopping). */
  interruptAdded(): void {
    for (const vu of this.added) vu.interrupt();
  }

  /** Disposes the VUs scale requests added (the worker is done). */
  disposeAdded(): void {
    for (const vu of this.added) vu.dispose();
    this.added.clear();
  }

  private async setPaused(paused: boolean): Promise<void> {
    const { clock } = this.state;
    if (!paused) {
      clock.resume();
      // Let the VUs waiting at the pause gate pick up, so the counters in the answer are current.
      await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    clock.pause();
    // k6 answers a pause once the in-flight iterations have finished.
    while (this.state.activeVUs > 0 && clock.paused && !this.state.stopped) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  private async scale(message: Extract<ControlMessage, { type: 'scale' }>): Promise<void> {
    const live = this.lives.get(message.scenario);
    if (live === undefined) throw new Error(`internal error: scenario "${message.scenario}" is not scalable in this worker`);
    if (live.finished || this.state.stopped) return;
    const { pool } = live;
    if (message.maxVUs > pool.length) {
      const fresh = await initializeVus(this.environment, message.firstVuId, message.maxVUs - pool.length);
      for (const vu of fresh) this.added.add(vu);
      this.state.initializedVUs += fresh.length;
      // Once the scenario has activated its pool, new VUs join it activated.
      if (live.activate !== undefined) await live.activate(fresh);
      pool.push(...fresh);
    }
    await live.setTarget(Math.min(message.vus, message.maxVUs));
    if (message.maxVUs < pool.length) {
      const removed = pool.splice(message.maxVUs);
      for (const vu of removed) {
        this.state.clock.release(vu);
        this.added.delete(vu);
        vu.dispose();
      }
      this.state.initializedVUs -= removed.length;
    }
  }
}
