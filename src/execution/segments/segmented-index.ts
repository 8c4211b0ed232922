/**
 * k6 `SegmentedIndex`: walks a segment's own items (VUs, iterations) while tracking where each sits
 * among the whole test's items. `scaled` counts this segment's items, `unscaled` is the 1-based
 * index of the current one in the whole test. Used for segmented ramping-vus steps and, for
 * iteration-numbering executors, k6's `iterationInTest` (the unscaled index − 1).
 */
import type { StripedOffsets } from './execution-tuple.js';

export class SegmentedIndex {
  private readonly start: number;
  private readonly lcd: number;
  private readonly offsets: readonly number[];
  scaled = 0;
  unscaled = 0;

  /** From `tuple.stripedOffsets()`. */
  constructor({ start, offsets, lcd }: StripedOffsets) {
    this.start = start;
    this.offsets = offsets;
    this.lcd = lcd;
  }

  /** To this segment's next item. */
  next(): { scaled: number; unscaled: number } {
    if (this.scaled === 0) this.unscaled += this.start + 1;
    else this.unscaled += this.gap(this.scaled - 1);
    this.scaled += 1;
    return { scaled: this.scaled, unscaled: this.unscaled };
  }

  /** Back to this segment's previous item; undefined behaviour at 0, as in k6. */
  prev(): { scaled: number; unscaled: number } {
    if (this.scaled === 1) this.unscaled -= this.start + 1;
    else this.unscaled -= this.gap(this.scaled - 2);
    this.scaled -= 1;
    return { scaled: this.scaled, unscaled: this.unscaled };
  }

  /** To the last of this segment's items whose unscaled index is ≤ `value` (k6 `GoTo`). */
  goTo(value: number): { scaled: number; unscaled: number } {
    const wholeCycles = Math.trunc(value / this.lcd);
    this.scaled = wholeCycles * this.offsets.length;
    this.unscaled = wholeCycles * this.lcd + this.start + 1;
    let gap = 0;
    for (let i = this.start; i < value % this.lcd; i += this.gap(gap), gap++) {
      this.scaled += 1;
      this.unscaled += this.gap(gap);
    }
    if (gap > 0) this.unscaled -= this.gap(gap - 1);
    else if (this.scaled > 0) this.unscaled -= this.gap(this.offsets.length - 1);
    if (this.scaled === 0) this.unscaled = 0;
    return { scaled: this.scaled, unscaled: this.unscaled };
  }

  private gap(index: number): number {
    return this.offsets[index % this.offsets.length] ?? 0;
  }
}
