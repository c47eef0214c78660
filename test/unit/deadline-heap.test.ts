import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from '../../app/refresh/deadline-heap';
import { prng } from '../support/seeded-random';

function drain(heap: DeadlineHeap): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (let next = heap.pop(); next; next = heap.pop()) out.push([next.key, next.at]);
  return out;
}

describe('DeadlineHeap', () => {
  it('pops the earliest deadline first, and equal deadlines in the order they were set', () => {
    const heap = new DeadlineHeap();
    heap.set('c', 30);
    heap.set('tie-1', 20);
    heap.set('a', 10);
    heap.set('tie-2', 20);
    heap.set('tie-3', 20);
    expect(heap.size).toBe(5);
    expect(heap.peek()).toEqual({ key: 'a', at: 10 });
    expect(drain(heap)).toEqual([
      ['a', 10],
      ['tie-1', 20],
      ['tie-2', 20],
      ['tie-3', 20],
      ['c', 30],
    ]);
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  it('moves a key to a new deadline, behind keys already waiting at that deadline', () => {
    const heap = new DeadlineHeap();
    heap.set('a', 10);
    heap.set('b', 20);
    heap.set('c', 30);
    heap.set('c', 5); // earlier
    heap.set('a', 40); // later
    heap.set('d', 30);
    heap.set('b', 30); // onto a deadline d already has: after d
    expect(heap.size).toBe(4);
    expect(heap.get('a')).toBe(40);
    expect(drain(heap)).toEqual([
      ['c', 5],
      ['d', 30],
      ['b', 30],
      ['a', 40],
    ]);
  });

  it('keeps its place when a key is set to the deadline it already has', () => {
    const heap = new DeadlineHeap();
    heap.set('first', 10);
    heap.set('second', 10);
    heap.set('first', 10);
    expect(drain(heap).map(([key]) => key)).toEqual(['first', 'second']);
  });

  it('deletes any key, and reports whether it was there', () => {
    const heap = new DeadlineHeap();
    for (const [key, at] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 5],
    ] as const)
      heap.set(key, at);
    expect(heap.delete('c')).toBe(true);
    expect(heap.delete('a')).toBe(true);
    expect(heap.delete('a')).toBe(false);
    expect(heap.has('a')).toBe(false);
    expect(heap.get('a')).toBeUndefined();
    expect(heap.has('e')).toBe(true);
    expect(drain(heap).map(([key]) => key)).toEqual(['b', 'd', 'e']);
  });

  it('clears, accepts Infinity and refuses NaN', () => {
    const heap = new DeadlineHeap();
    heap.set('never', Infinity);
    heap.set('soon', 1);
    expect(heap.peek()?.key).toBe('soon');
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.get('soon')).toBeUndefined();
    expect(() => heap.set('broken', Number.NaN)).toThrow(RangeError);
    expect(heap.size).toBe(0);
  });

  it('agrees with a sorted list over thousands of random operations', () => {
    const random = prng(7);
    for (let round = 0; round < 20; round += 1) {
      const heap = new DeadlineHeap();
      // The reference: key -> [deadline, sequence], sorted when read.
      const model = new Map<string, [number, number]>();
      let sequence = 0;
      const sorted = () =>
        [...model].sort(([, a], [, b]) => a[0] - b[0] || a[1] - b[1]).map(([key]) => key);
      for (let step = 0; step < 500; step += 1) {
        const key = `k${Math.floor(random() * 40)}`;
        const roll = random();
        if (roll < 0.55) {
          const at = Math.floor(random() * 20); // few distinct deadlines: many ties
          heap.set(key, at);
          if (model.get(key)?.[0] !== at) model.set(key, [at, sequence++]);
        } else if (roll < 0.8) {
          expect(heap.delete(key)).toBe(model.delete(key));
        } else {
          const expected = sorted()[0];
          const popped = heap.pop();
          expect(popped?.key).toBe(expected);
          if (expected !== undefined) {
            expect(popped?.at).toBe(model.get(expected)![0]);
            model.delete(expected);
          }
        }
        expect(heap.size).toBe(model.size);
        expect(heap.get(key)).toBe(model.get(key)?.[0]);
        expect(heap.peek()?.key).toBe(sorted()[0]);
      }
      expect(drain(heap).map(([key]) => key)).toEqual(sorted());
    }
  });
});
