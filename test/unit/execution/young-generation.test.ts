// The young generation a VU worker starts with, by its VUs (young-generation.ts), and whether an
// early worker started on a guess serves the share it is given (early-worker.ts).
import { describe, expect, it } from 'vitest';
import { fitsYoungGeneration } from '../../../src/execution/worker/early-worker.js';
import { SMALL_WORKER_VUS, youngGenerationLimitMb } from '../../../src/execution/worker/young-generation.js';

describe('youngGenerationLimitMb', () => {
  it('gives workers of few VUs 8 MB semi-spaces (24 MB of young generation)', () => {
    expect(youngGenerationLimitMb(1)).toBe(24);
    expect(youngGenerationLimitMb(SMALL_WORKER_VUS)).toBe(24);
  });

  it("leaves V8's default to crowded workers and to workers whose VU count is not known", () => {
    expect(youngGenerationLimitMb(SMALL_WORKER_VUS + 1)).toBeUndefined();
    expect(youngGenerationLimitMb(500)).toBeUndefined();
    expect(youngGenerationLimitMb(undefined)).toBeUndefined();
  });
});

describe('fitsYoungGeneration', () => {
  it('takes a worker whose young generation is as big or bigger (V8 default) than wanted', () => {
    expect(fitsYoungGeneration(undefined, undefined)).toBe(true);
    expect(fitsYoungGeneration(undefined, 24)).toBe(true);
    expect(fitsYoungGeneration(24, 24)).toBe(true);
  });

  it('refuses a worker started too small for the VUs it would run', () => {
    expect(fitsYoungGeneration(24, undefined)).toBe(false);
    expect(fitsYoungGeneration(16, 24)).toBe(false);
  });
});
