/**
 * A scenario whose number of VUs can change while it runs: `externally-controlled` (as in k6) and,
 * beyond k6, `constant-vus`. One per such scenario in each worker, holding that worker's share:
 * the VU pool (its `vus-max`) and the number of VUs that should be looping (its `vus`).
 *
 * The worker's control handler grows or shrinks the pool and sets the target on a `scale`
 * request; the executor, once running, attaches an applier that starts or stops VU loops and
 * resolves when the change has settled (stopped VUs have finished). Before the scenario starts a
 * scale only changes these numbers, and the executor starts from them.
 */
import type { VirtualUser } from '../vu/virtual-user.js';

/** Starts/stops VU loops for a new target; resolves once the VUs above it have stopped. */
export type LiveApplier = (target: number) => Promise<void>;

export class LiveVus {
  /** This worker's VUs for the scenario; VUs `[0, target)` loop. */
  readonly pool: VirtualUser[] = [];
  /** How to activate VUs added after the scenario activated its pool; unset before that. */
  activate: ((vus: readonly VirtualUser[]) => Promise<void>) | undefined;
  /** Set when the executor has ended: later scale requests change nothing. */
  finished = false;
  private applier: LiveApplier | undefined;

  constructor(
    /** The number of looping VUs wanted (this worker's share). */
    public target: number,
  ) {}

  /** Called by the running executor; returns the function that detaches it. */
  attach(applier: LiveApplier): () => void {
    this.applier = applier;
    return () => {
      if (this.applier === applier) this.applier = undefined;
      this.finished = true;
    };
  }

  /** Sets the target and, if the executor runs, applies it; resolves when it has settled. */
  async setTarget(target: number): Promise<void> {
    this.target = target;
    await this.applier?.(target);
  }
}
