/**
 * A map from pairs of 32-bit integers to small numbers, in one flat typed
 * array: the n-gram counting looks up one pair per word per n, and a `Map`
 * keyed by `a * size + b` spent most of its time hashing keys too large for
 * V8's small integers. A slot's four numbers (stamp, a, b, value) sit side
 * by side, so a probe reads one cache line. One table is reused from one use
 * to the next (`reset`): slots of an earlier use are told apart by their
 * stamp, so a reset costs nothing however large the table grew.
 */
export class IntPairTable {
  private mask = 0;
  private slots = new Int32Array(0);
  private stamp = 0;
  /** Pairs stored since the last reset. */
  size = 0;

  /** Empties the table for at most `capacity` pairs. */
  reset(capacity: number): this {
    let count = 16;
    while (count < capacity * 2) count *= 2;
    if (count * 4 > this.slots.length || this.stamp === 0x7fffffff) {
      this.slots = new Int32Array(count * 4);
      this.stamp = 0;
    }
    this.mask = count - 1;
    this.stamp++;
    this.size = 0;
    return this;
  }

  /** The value stored for the pair; if none, stores `this.size` (the next number) and returns -1 - that number. */
  getOrAdd(a: number, b: number): number {
    const slots = this.slots;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca6b)) & this.mask;
    for (;;) {
      const at = slot << 2;
      if (slots[at] !== this.stamp) {
        const added = this.size++;
        slots[at] = this.stamp;
        slots[at + 1] = a;
        slots[at + 2] = b;
        slots[at + 3] = added;
        return -1 - added;
      }
      if (slots[at + 1] === a && slots[at + 2] === b) return slots[at + 3] as number;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * A map from 32-bit integers to positions, for the repeated n-gram passes:
 * a slot is two numbers (the key, the position plus one; zero is empty), so
 * the table is half the size of an {@link IntPairTable} and misses the cache
 * less; emptying it for the next pass costs one `fill`.
 */
export class IntPositionTable {
  private mask = 0;
  private slots = new Int32Array(0);

  /** Empties the table for at most `capacity` keys. */
  reset(capacity: number): this {
    let count = 16;
    while (count < capacity * 2) count *= 2;
    if (count * 2 > this.slots.length) this.slots = new Int32Array(count * 2);
    else this.slots.fill(0, 0, count * 2);
    this.mask = count - 1;
    return this;
  }

  /** The position stored for the key; if none, stores `position` and returns -1. */
  getOrAdd(key: number, position: number): number {
    const slots = this.slots;
    let slot = Math.imul(key, 0x9e3779b1) & this.mask;
    for (;;) {
      const at = slot << 1;
      const stored = slots[at + 1] as number;
      if (stored === 0) {
        slots[at] = key;
        slots[at + 1] = position + 1;
        return -1;
      }
      if (slots[at] === key) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}
