/**
 * Where word splitting puts its tokens: a list of strings, or numbers for
 * counting. Most tokens are a stretch of the text, handed over as `span` so
 * that a sink that only numbers them never copies them out of the text.
 */
export interface TokenSink {
  /** Tokens so far. */
  readonly length: number;
  /** A token that is `text[start, end)`. */
  span(text: string, start: number, end: number): void;
  /** A token that is not a stretch of the text as it stands (`` for a quote, a clitic split off…). */
  token(word: string): void;
  /** Takes back the tokens after the first `length`. */
  truncate(length: number): void;
}

/** Tokens as strings, in order. */
export class TokenList implements TokenSink {
  readonly tokens: string[] = [];

  get length(): number {
    return this.tokens.length;
  }

  span(text: string, start: number, end: number): void {
    this.tokens.push(text.slice(start, end));
  }

  token(word: string): void {
    this.tokens.push(word);
  }

  truncate(length: number): void {
    this.tokens.length = length;
  }
}

/** The polynomial hash's base (FNV's prime): odd, so that no power of it is zero modulo 2^32. */
export const WORD_HASH_BASE = 0x01000193;

/** The 32-bit polynomial hash of a word's UTF-16 units, as {@link WordNumbering} hashes them. */
export function wordHash(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, WORD_HASH_BASE) + word.charCodeAt(i)) | 0;
  return hash;
}

/** Tokens as numbers: equal tokens, equal numbers, numbered by first appearance. */
export interface NumberedTokens {
  ids: Int32Array;
  /** The distinct tokens, by number. */
  distinct: string[];
  /** Each distinct token's {@link wordHash}. */
  hashes: Int32Array;
}

/**
 * Numbers tokens as they come, in an open-addressing table keyed by the
 * hash of their characters: a token already seen is compared with the text
 * in place and never copied, and only a new one becomes a string. Numbering
 * strings in a `Map` spent more time than splitting the text into them.
 */
export class WordNumbering implements TokenSink {
  length = 0;
  private ids = new Int32Array(1024);
  private readonly distinct: string[] = [];
  private readonly hashes: number[] = [];
  /** Where each distinct token first appeared and which slot holds it: `truncate` takes back the newest. */
  private readonly firstIndex: number[] = [];
  private readonly slotOf: number[] = [];
  /** Number + 1 of the token in each slot; 0 is empty. */
  private slots = new Int32Array(64);
  /** Slots are picked by the top bits of the hash times a constant (the low bits of a product mix poorly). */
  private shift = 32 - 6;
  private mask = 63;

  span(text: string, start: number, end: number): void {
    let hash = 0;
    for (let i = start; i < end; i++) hash = (Math.imul(hash, WORD_HASH_BASE) + text.charCodeAt(i)) | 0;
    const length = end - start;
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const stored = this.slots[slot] as number;
      if (stored === 0) {
        this.add(text.slice(start, end), hash, slot);
        return;
      }
      const id = stored - 1;
      if (this.hashes[id] === hash) {
        const word = this.distinct[id] as string;
        if (word.length === length && text.startsWith(word, start)) {
          this.push(id);
          return;
        }
      }
      slot = (slot + 1) & this.mask;
    }
  }

  token(word: string): void {
    const hash = wordHash(word);
    let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const stored = this.slots[slot] as number;
      if (stored === 0) {
        this.add(word, hash, slot);
        return;
      }
      const id = stored - 1;
      if (this.hashes[id] === hash && this.distinct[id] === word) {
        this.push(id);
        return;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  truncate(length: number): void {
    this.length = length;
    // Tokens first seen among those taken back are forgotten, newest first, so that numbers stay in order of first appearance.
    // Entries are removed in the reverse of the order they were added: no older entry's probe passed through a newer one's slot.
    for (let id = this.distinct.length - 1; id >= 0 && (this.firstIndex[id] as number) >= length; id--) {
      this.slots[this.slotOf[id] as number] = 0;
      this.distinct.pop();
      this.hashes.pop();
      this.firstIndex.pop();
      this.slotOf.pop();
    }
  }

  /** The numbers so far; the sink starts empty again. */
  take(): NumberedTokens {
    const numbered = { ids: this.ids.slice(0, this.length), distinct: this.distinct.slice(), hashes: new Int32Array(this.hashes) };
    // Only the slots in use are emptied: the table may have grown for a far longer text than the next.
    for (const slot of this.slotOf) this.slots[slot] = 0;
    this.length = 0;
    this.distinct.length = 0;
    this.hashes.length = 0;
    this.firstIndex.length = 0;
    this.slotOf.length = 0;
    return numbered;
  }

  private push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }

  private add(word: string, hash: number, slot: number): void {
    const id = this.distinct.length;
    this.distinct.push(word);
    this.hashes.push(hash);
    this.firstIndex.push(this.length);
    this.slotOf.push(slot);
    this.slots[slot] = id + 1;
    this.push(id);
    if (this.distinct.length * 2 > this.slots.length) this.grow();
  }

  /** Twice the slots, the tokens put back in the order they were numbered (which `truncate` relies on). */
  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    this.shift--;
    for (let id = 0; id < this.distinct.length; id++) {
      let slot = Math.imul(this.hashes[id] as number, 0x9e3779b1) >>> this.shift;
      while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id + 1;
      this.slotOf[id] = slot;
    }
  }
}
