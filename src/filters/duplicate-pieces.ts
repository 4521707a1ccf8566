/**
 * datatrove's `find_duplicates` over the pieces of a text split at runs of
 * line breaks, found in place: the pieces are never made strings, and a
 * piece is hashed once, when its end is found. Splitting a text with a
 * regular expression and keeping its lines in a `Set` took 7 % of the
 * gopher-repetition filter; this takes about a third less (13-14 ms
 * against 17-18 over the bench's 5.7 MB), and nothing for a text of one
 * piece.
 */
import { pyLen } from '../text/python.js';

/** What {@link duplicatePieces} counts: the pieces, and the repeats among them (each after its first), with their characters (code points). */
export interface PieceRepeats {
  pieces: number;
  elements: number;
  chars: number;
}

/** The polynomial hash's base (FNV's prime), odd so that no power of it vanishes modulo 2^32. */
const HASH_BASE = 0x01000193;

/**
 * Pieces seen so far in one text, by the hash of their characters: an
 * open-addressing table of (hash, piece number + 1) pairs, 0 for empty.
 * Reused from one text to the next.
 */
class PieceTable {
  private slots = new Int32Array(2 * 256);
  private mask = 255;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The slot of each piece: a reset empties those alone, as the table may have grown for a far longer text than the next. */
  private readonly slotOf: number[] = [];

  reset(): void {
    for (const slot of this.slotOf) this.slots[2 * slot + 1] = 0;
    this.starts.length = 0;
    this.ends.length = 0;
    this.slotOf.length = 0;
  }

  /** Whether `text[start, end)` was added before; adds it if not. */
  seenOrAdd(text: string, start: number, end: number, hash: number): boolean {
    let slot = Math.imul(hash, 0x9e3779b1) >>> 0;
    for (;;) {
      slot &= this.mask;
      const stored = this.slots[2 * slot + 1] as number;
      if (stored === 0) break;
      if (this.slots[2 * slot] === hash) {
        const piece = stored - 1;
        const seenStart = this.starts[piece] as number;
        const seenEnd = this.ends[piece] as number;
        // Equal hashes of unequal pieces are rare: making the two strings then costs nothing that counts.
        if (seenEnd - seenStart === end - start && text.slice(seenStart, seenEnd) === text.slice(start, end)) return true;
      }
      slot++;
    }
    const piece = this.starts.length;
    this.starts.push(start);
    this.ends.push(end);
    this.slotOf.push(slot);
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = piece + 1;
    if (2 * (piece + 1) > this.mask) this.grow();
    return false;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      let slot = Math.imul(old[at] as number, 0x9e3779b1) >>> 0;
      for (;;) {
        slot &= this.mask;
        if (this.slots[2 * slot + 1] === 0) break;
        slot++;
      }
      this.slots[2 * slot] = old[at] as number;
      this.slots[2 * slot + 1] = old[at + 1] as number;
      this.slotOf[(old[at + 1] as number) - 1] = slot;
    }
  }
}

const table = new PieceTable();

/**
 * The pieces of `text[from, to)` as `text.slice(from, to).split(/\n{k,}/)`
 * gives them with k = `minBreak` (1: lines as `split(/\n+/)`, an empty
 * piece before a leading break and after a trailing one; 2: paragraphs),
 * and datatrove's `find_duplicates` over them. `surrogatePairs`: whether
 * the text holds any (the caller knows it from the text's length in code
 * points), so that a repeat's characters are counted as code points.
 */
export function duplicatePieces(text: string, from: number, to: number, minBreak: 1 | 2, surrogatePairs: boolean): PieceRepeats {
  table.reset();
  const repeats: PieceRepeats = { pieces: 0, elements: 0, chars: 0 };
  const add = (start: number, end: number): void => {
    repeats.pieces++;
    if (table.seenOrAdd(text, start, end, spanHash(text, start, end))) {
      repeats.elements++;
      repeats.chars += surrogatePairs ? pyLen(text.slice(start, end)) : end - start;
    }
  };
  // A break is where the first `minBreak` line breaks in a row are found, and runs on as long as they do.
  const breakStart = minBreak === 1 ? '\n' : '\n\n';
  let pieceStart = from;
  for (let breakAt = text.indexOf(breakStart, from); breakAt !== -1 && breakAt < to; breakAt = text.indexOf(breakStart, pieceStart)) {
    let runEnd = breakAt + minBreak;
    while (runEnd < to && text.charCodeAt(runEnd) === 0x0a) runEnd++;
    add(pieceStart, breakAt);
    pieceStart = runEnd;
  }
  // One piece repeats nothing, and hashing a whole text to find that out is not free.
  if (repeats.pieces === 0) return { pieces: 1, elements: 0, chars: 0 };
  add(pieceStart, to);
  return repeats;
}

function spanHash(text: string, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0;
  return hash;
}
