/**
 * A map from pairs of 32-bit integers to small numbers, in flat typed
 * arrays: the n-gram counting looks up one pair per word per n, and a
 * `Map` keyed by `a * size + b` spent most of its time hashing keys too
 * large for V8's small integers.
 */
export class IntPairTable {
  private readonly mask: number;
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly values: Int32Array;
  /** Pairs stored. */
  size = 0;

  /** `capacity`: the most pairs that will be stored. */
  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.mask = slots - 1;
    this.first = new Int32Array(slots);
    this.second = new Int32Array(slots);
    this.values = new Int32Array(slots).fill(-1);
  }

  /** The value stored for the pair; if none, stores `this.size` (the next number) and returns -1 - that number. */
  getOrAdd(a: number, b: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca6b)) & this.mask;
    for (;;) {
      const value = this.values[slot] as number;
      if (value === -1) {
        const added = this.size++;
        this.first[slot] = a;
        this.second[slot] = b;
        this.values[slot] = added;
        return -1 - added;
      }
      if (this.first[slot] === a && this.second[slot] === b) return value;
      slot = (slot + 1) & this.mask;
    }
  }
}
