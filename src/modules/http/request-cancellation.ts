/**
 * Cancels one k6 request — its timeout fired or its VU is stopping — and tells the hop in flight.
 *
 * An AbortController and its event listeners (per request, plus one on the VU's signal) cost
 * ~25 µs of every request; this is a flag, a reason and one callback.
 */
export class RequestCancellation {
  aborted = false;
  reason: unknown = undefined;
  private listener: ((reason: unknown) => void) | undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listener = this.listener;
    this.listener = undefined;
    listener?.(reason);
  }

  /** Sets the one listener (the hop in flight), or clears it with undefined. */
  onAbort(listener: ((reason: unknown) => void) | undefined): void {
    this.listener = listener;
  }
}
