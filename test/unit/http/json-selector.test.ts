import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JS guest module without type declarations
import { select } from '../../../runtime/lib/json-selector.js';

const doc = {
  name: { first: 'Tom', last: 'Anderson' },
  age: 37,
  children: ['Sara', 'Alex', 'Jack'],
  'fav.movie': 'Deer Hunter',
  friends: [
    { first: 'Dale', last: 'Murphy', age: 44, nets: ['ig', 'fb', 'tw'] },
    { first: 'Roger', last: 'Craig', age: 68, nets: ['fb', 'tw'] },
    { first: 'Jane', last: 'Murphy', age: 47, nets: ['ig', 'tw'] },
  ],
  empty: [],
  nothing: null,
};

const get = (path: string): unknown => (select as (value: unknown, path: string) => unknown)(doc, path);

describe('json selector (gjson subset)', () => {
  it.each([
    ['name.last', 'Anderson'],
    ['age', 37],
    ['children', ['Sara', 'Alex', 'Jack']],
    ['children.#', 3],
    ['children.1', 'Alex'],
    ['child*.2', 'Jack'],
    ['c?ildren.0', 'Sara'],
    ['fav\\.movie', 'Deer Hunter'],
    ['friends.#.first', ['Dale', 'Roger', 'Jane']],
    ['friends.1.last', 'Craig'],
    ['friends.#.nets.0', ['ig', 'fb', 'ig']],
    ['friends.#(last=="Murphy").first', 'Dale'],
    ['friends.#(last=="Murphy")#.first', ['Dale', 'Jane']],
    ['friends.#(age>45)#.last', ['Craig', 'Murphy']],
    ['friends.#(age<=44).first', 'Dale'],
    ['friends.#(first%"D*").last', 'Murphy'],
    ['friends.#(first!%"D*")#.first', ['Roger', 'Jane']],
    ['friends.#(nets.#(=="fb"))#.first', ['Dale', 'Roger']],
    ['friends.#.first|1', 'Roger'],
    ['children|@reverse|0', 'Jack'],
    ['name|@keys', ['first', 'last']],
    ['empty.#', 0],
    ['nothing', null],
    ['friends.#.missing', []],
  ])('%s', (path, expected) => {
    expect(get(path)).toEqual(expected);
  });

  it.each(['name.middle', 'children.5', 'children.x', 'age.x', 'friends.#(last=="Nobody").first', 'name.#', 'fav.movie', ''])(
    'returns undefined for the missing path %j',
    (path) => {
      expect(get(path)).toBeUndefined();
    },
  );

  it('selects inside arrays at the top level', () => {
    expect((select as (value: unknown, path: string) => unknown)([{ id: 1 }, { id: 2 }], '#.id')).toEqual([1, 2]);
    expect((select as (value: unknown, path: string) => unknown)([{ id: 1 }, { id: 2 }], '1.id')).toBe(2);
  });
});
