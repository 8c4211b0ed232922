import { describe, expect, it } from 'vitest';
import {
  ExecutionSegment,
  parseExecutionSegment,
  parseExecutionSegmentSequence,
} from '../../../src/execution/segments/execution-segment.js';
import { floatString, parseRational, rational, ratString } from '../../../src/execution/segments/rational.js';

function segment(text: string): ExecutionSegment {
  const parsed = parseExecutionSegment(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('parseRational (Go big.Rat.SetString)', () => {
  it.each([
    ['1/2', '1/2'],
    ['2/4', '1/2'],
    ['-1/2', '-1/2'],
    ['0.5', '1/2'],
    ['.5', '1/2'],
    ['5.', '5'],
    ['1e-1', '1/10'],
    ['2.5E-1', '1/4'],
    ['0x10/0x20', '1/2'],
    ['010/100', '2/25'],
    ['1_0/100', '1/10'],
    ['0', '0'],
  ])('reads %j as %s', (text, expected) => {
    const value = parseRational(text);
    expect(value === undefined ? undefined : ratString(value)).toBe(expected);
  });

  it.each(['', '1/0', '1/-2', 'a', '1a5', '.', '1/2/3', ' 1', '08/10', '1__0/3', '_1/2'])('rejects %j', (text) => {
    expect(parseRational(text)).toBeUndefined();
  });

  it.each([
    [rational(1, 8), 2, '0.13'],
    [rational(-1, 8), 2, '-0.13'],
    [rational(5, 4), 2, '1.25'],
    [rational(2, 3), 2, '0.67'],
    [rational(1, 3), 0, '0'],
  ])('FloatString(%o, %d) is %s (halves away from zero)', (value, digits, expected) => {
    expect(floatString(value, digits)).toBe(expected);
  });
});

describe('parseExecutionSegment', () => {
  it.each([
    ['0:1', '0:1'],
    ['0.5:0.75', '1/2:3/4'],
    ['1/2:3/4', '1/2:3/4'],
    ['50%:75%', '1/2:3/4'],
    ['2/4:75%', '1/2:3/4'],
    ['75%', '0:3/4'],
    ['0.5', '0:1/2'],
    ['1/3', '0:1/3'],
    ['', '0:1'],
  ])('reads %j as %s', (text, expected) => {
    const parsed = segment(text);
    expect(parsed.toString()).toBe(expected);
    expect(segment(parsed.toString()).equals(parsed)).toBe(true);
  });

  it.each([
    ['125%', "segment end value can't be more than 1 but was 1.25"],
    ['1a5%', "'1a5%' is not a valid percentage"],
    ['1.5%', "'1.5%' is not a valid percentage"],
    ['1a5', "'1a5' is not a valid percentage, decimal, fraction or interval value"],
    ['1a5%:2/3', "'1a5%' is not a valid percentage"],
    ['125%:250%', "segment end value can't be more than 1 but was 2.50"],
    ['55%:50%', 'segment start(0.55) must be less than its end(0.50)'],
    ['1/2:1/2', 'segment start(0.50) must be less than its end(0.50)'],
    ['-10%:50%', 'segment start value must be at least 0 but was -0.10'],
    ['0:1:2', "'1:2' is not a valid percentage, decimal, fraction or interval value"],
  ])('rejects %j with k6 message %j', (text, message) => {
    expect(parseExecutionSegment(text)).toEqual({ ok: false, message });
  });
});

describe('ExecutionSegment', () => {
  it.each([
    ['0:0.25', 2, 1],
    ['0:0.25', 3, 1],
    ['0.25:0.5', 2, 0],
    ['0.25:0.5', 3, 1],
    ['0.5:0.75', 2, 1],
    ['0.5:0.75', 3, 0],
    ['0.75:1', 2, 0],
    ['0.75:1', 3, 1],
    ['0:1', 7, 7],
  ])('scales like k6 without a sequence: %s of %d is %d', (text, value, expected) => {
    expect(segment(text).scale(value)).toBe(expected);
  });

  it('scales consecutive segments so that they add up (round(v·to) − round(v·from) telescopes)', () => {
    const parts = ['0:1/7', '1/7:2/5', '2/5:1/2', '1/2:0.9', '0.9:1'].map(segment);
    for (let value = 0; value <= 500; value++) {
      expect(parts.reduce((sum, part) => sum + part.scale(value), 0)).toBe(value);
    }
  });

  it.each([
    ['0:1', 1, ['0:1']],
    ['0:1', 2, ['0:1/2', '1/2:1']],
    ['0:1', 3, ['0:1/3', '1/3:2/3', '2/3:1']],
    ['1/4:1/2', 2, ['1/4:3/8', '3/8:1/2']],
    ['1/4:1/2', 3, ['1/4:1/3', '1/3:5/12', '5/12:1/2']],
    ['1/4:1/2', 4, ['1/4:5/16', '5/16:3/8', '3/8:7/16', '7/16:1/2']],
  ])('splits %s into %d parts', (text, parts, expected) => {
    const split = segment(text).split(parts);
    expect(split.ok && split.value.map(String)).toEqual(expected);
  });

  it('refuses to split into fewer than one part', () => {
    expect(ExecutionSegment.FULL.split(0)).toEqual({ ok: false, message: 'the number of parts must be at least 1, 0 received' });
  });

  it('takes a sub-segment (k6 doc example: 0:1/2 of 1/2:1 is 1/2:3/4)', () => {
    expect(segment('1/2:1').subSegment(segment('0:1/2')).toString()).toBe('1/2:3/4');
    expect(ExecutionSegment.FULL.subSegment(segment('0.2:0.3')).toString()).toBe('1/5:3/10');
  });

  it('reports its length as a float', () => {
    expect(segment('1/3:2/3').floatLength()).toBeCloseTo(1 / 3, 15);
    expect(segment('50%').floatLength()).toBe(0.5);
  });
});

describe('parseExecutionSegmentSequence', () => {
  it.each([
    ['0.5,1', ['1/2:1']],
    ['1/2,1', ['1/2:1']],
    ['1/3,2/3', ['1/3:2/3']],
    ['0,1/3,2/3', ['0:1/3', '1/3:2/3']],
    ['0,1/3,2/3,1', ['0:1/3', '1/3:2/3', '2/3:1']],
    ['0.5,0.7', ['1/2:7/10']],
    ['0.5,0.7,1', ['1/2:7/10', '7/10:1']],
    ['0,1/13,2/13,1/3,1/2,3/4,1', ['0:1/13', '1/13:2/13', '2/13:1/3', '1/3:1/2', '1/2:3/4', '3/4:1']],
    ['', []],
  ])('reads %j', (text, expected) => {
    const parsed = parseExecutionSegmentSequence(text);
    expect(parsed.ok && parsed.value.segments.map(String)).toEqual(expected);
  });

  it.each([
    ['0.5', 'at least 2 points are needed for an execution segment sequence, 1 given'],
    ['1,1', 'segment start(1.00) must be less than its end(1.00)'],
    ['-0.5,1', 'segment start value must be at least 0 but was -0.50'],
    ['1/2,1/2', 'segment start(0.50) must be less than its end(0.50)'],
    ['1/2,1/3', 'segment start(0.50) must be less than its end(0.33)'],
    ['0,1,1/2', 'segment start(1.00) must be less than its end(0.50)'],
    ['0,x,1', "'x' is not a valid percentage, decimal, fraction or interval value"],
  ])('rejects %j with k6 message %j', (text, message) => {
    expect(parseExecutionSegmentSequence(text)).toEqual({ ok: false, message });
  });

  it.each(['1/2,1', '1/3,2/3', '0,1/3,2/3,1', '0,1/13,2/13,1/3,1/2,3/4,1'])('prints %j back as written', (text) => {
    const parsed = parseExecutionSegmentSequence(text);
    expect(parsed.ok && parsed.value.toString()).toBe(text);
  });

  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', 10],
    ['0,0.1,0.5,0.6,0.7,0.8,0.9,1', 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', 10],
    ['0,1/3,5/6', 6],
    ['0,1/3,4/7', 21],
  ])('finds the LCD of %s: %d', (text, lcd) => {
    const parsed = parseExecutionSegmentSequence(text);
    expect(parsed.ok && parsed.value.lcd()).toBe(lcd);
  });

  it('fills the gaps around a partial sequence or a lone segment', () => {
    const parsed = parseExecutionSegmentSequence('1/3,1/2');
    expect(parsed.ok && parsed.value.filled(null).toString()).toBe('0,1/3,1/2,1');
    const empty = parseExecutionSegmentSequence('');
    expect(empty.ok && empty.value.filled(segment('1/4:1/2')).toString()).toBe('0,1/4,1/2,1');
    expect(empty.ok && empty.value.filled(null).toString()).toBe('0,1');
  });
});
