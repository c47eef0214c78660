/** One key of a {@link DeadlineHeap}: its deadline and where it sits in the heap array. */
interface Entry {
  readonly key: string;
  at: number;
  /** Insertion sequence: breaks ties between equal deadlines (lower first). */
  seq: number;
  /** Position in the heap array, kept up to date by every move. */
  index: number;
}

/** A key and its deadline, as {@link DeadlineHeap.peek} and {@link DeadlineHeap.pop} return them. */
export interface Deadline {
  readonly key: string;
  /** Epoch milliseconds (any number other than NaN; `Infinity` means "never"). */
  readonly at: number;
}

/**
 * An indexed binary min-heap of string keys ordered by deadline: the earliest deadline comes
 * first, and of equal deadlines the one set first (its sequence number is taken when the key is
 * inserted or its deadline changes; setting the deadline a key already has changes nothing), so
 * the order is deterministic. `set`, `delete` and `pop` are O(log N); `peek`, `get`, `has` and
 * `size` are O(1).
 */
export class DeadlineHeap {
  private readonly heap: Entry[] = [];
  private readonly entries = new Map<string, Entry>();
  private nextSeq = 0;

  /** How many keys have a deadline. */
  get size(): number {
    return this.heap.length;
  }

  /** The deadline of `key`, or `undefined` when it has none. */
  get(key: string): number | undefined {
    return this.entries.get(key)?.at;
  }

  /** True when `key` has a deadline. */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Gives `key` the deadline `at`: inserts it, or moves it when it already has another one (it
   * then sorts after keys already waiting with the same deadline). Throws a `RangeError` for NaN,
   * which would break the heap's order.
   */
  set(key: string, at: number): void {
    if (Number.isNaN(at)) throw new RangeError(`Deadline of ${key} is not a number.`);
    const entry = this.entries.get(key);
    if (entry === undefined) {
      const added: Entry = { key, at, seq: this.nextSeq++, index: this.heap.length };
      this.entries.set(key, added);
      this.heap.push(added);
      this.up(added.index);
      return;
    }
    if (entry.at === at) return;
    entry.at = at;
    entry.seq = this.nextSeq++;
    this.fix(entry.index);
  }

  /** Removes `key`; returns whether it had a deadline. */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.removeAt(entry.index);
    return true;
  }

  /** The earliest deadline, without removing it; `undefined` when the heap is empty. */
  peek(): Deadline | undefined {
    const top = this.heap[0];
    return top === undefined ? undefined : { key: top.key, at: top.at };
  }

  /** Removes and returns the earliest deadline; `undefined` when the heap is empty. */
  pop(): Deadline | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.entries.delete(top.key);
    this.removeAt(0);
    return { key: top.key, at: top.at };
  }

  /** Removes every key. */
  clear(): void {
    this.heap.length = 0;
    this.entries.clear();
  }

  /** Takes the entry at `index` out, filling the hole with the last entry and restoring order. */
  private removeAt(index: number): void {
    const last = this.heap.pop()!;
    if (index === this.heap.length) return;
    this.heap[index] = last;
    last.index = index;
    this.fix(index);
  }

  /** Restores the heap order around `index` after its entry changed or was replaced. */
  private fix(index: number): void {
    if (!this.up(index)) this.down(index);
  }

  /** Moves the entry at `index` towards the root while it is earlier than its parent. */
  private up(index: number): boolean {
    const heap = this.heap;
    const entry = heap[index]!;
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(entry, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = parentIndex;
    }
    heap[i] = entry;
    entry.index = i;
    return i !== index;
  }

  /** Moves the entry at `index` towards the leaves while a child is earlier. */
  private down(index: number): void {
    const heap = this.heap;
    const length = heap.length;
    const entry = heap[index]!;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && before(heap[right]!, heap[left]!)) child = right;
      const smallest = heap[child]!;
      if (!before(smallest, entry)) break;
      heap[i] = smallest;
      smallest.index = i;
      i = child;
    }
    heap[i] = entry;
    entry.index = i;
  }
}

/** Heap order: earlier deadline first, then lower sequence number. */
function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
