/**
 * fastText's supervised prediction for a product-quantized model with a
 * hierarchical softmax (what lid.176.ftz is), written for V8. The WebAssembly
 * build of fastText spends most of its time copying the text in, cutting it
 * into `std::string` n-grams and allocating; this reads the JavaScript string
 * as it is, hashes each n-gram as it grows, tests a 250 KB bit set before the
 * bucket table (98 % of n-gram buckets were pruned from the model), and keeps
 * the quantized rows (8 bytes each) instead of dense ones (64 bytes each, too
 * many for the cache). About three times as fast (19.5 MB/s of text against
 * 6.5 on the bench's texts).
 *
 * The arithmetic is fastText's, in its order and in float32 (each operation
 * rounded with Math.fround), so the probabilities are the same bits as
 * fastText's except where a libm's `expf` and V8's `Math.exp` round
 * differently (one text in 600, in the last bit).
 *
 * The model format is fastText's `Model::save` for version 12: arguments,
 * dictionary, pruned-bucket index, a quantized input matrix with quantized
 * norms, a dense output matrix.
 */

const FASTTEXT_MAGIC = 793712314;
const FASTTEXT_VERSION = 12;
const LOSS_HIERARCHICAL_SOFTMAX = 1;
const END_OF_SENTENCE = '</s>';
const LABEL_PREFIX = '__label__';
/** Centroids per sub-quantizer: codes are one byte. */
const CENTROIDS = 256;
/** The smallest hash table; each grows to a power of two at least twice its keys (lid.176 keeps 42,765 buckets and 7,235 words). */
const MIN_TABLE_SLOTS = 1 << 10;

export interface FastTextModel {
  /**
   * Up to `k` labels (all with -1) whose probability is at least `threshold`,
   * most likely first. The text is read as one line: a newline separates
   * words as a space does (fastText would stop at it; datatrove replaces
   * newlines with spaces first, and so the answer is datatrove's).
   */
  predict(text: string, k: number, threshold: number): Map<string, number>;
}

const utf8 = new TextDecoder();

class ModelReader {
  private offset = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  int32(): number {
    const value = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return value;
  }
  int64(): number {
    const value = Number(this.view.getBigInt64(this.offset, true));
    this.offset += 8;
    return value;
  }
  byte(): number {
    const value = this.view.getUint8(this.offset);
    this.offset += 1;
    return value;
  }
  skip(byteCount: number): void {
    this.offset += byteCount;
  }
  bytesOf(byteCount: number): Uint8Array {
    const slice = this.bytes.slice(this.offset, this.offset + byteCount);
    if (slice.length !== byteCount) throw new Error('the model file is truncated');
    this.offset += byteCount;
    return slice;
  }
  floats(count: number): Float32Array {
    const floats = new Float32Array(count);
    for (let i = 0; i < count; i++) floats[i] = this.view.getFloat32(this.offset + 4 * i, true);
    this.offset += 4 * count;
    return floats;
  }
  cString(): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) throw new Error('the model file is truncated');
    const text = utf8.decode(this.bytes.subarray(this.offset, end));
    this.offset = end + 1;
    return text;
  }
}

const FNV_OFFSET = 2166136261 | 0;

/** One FNV-1a step over a byte that fastText reads as a signed char. */
function fnvStep(hash: number, byte: number): number {
  return Math.imul(hash ^ (byte >= 0x80 ? byte | 0xffffff00 : byte), 16777619);
}

/**
 * FNV-1a over the UTF-8 bytes of one code point. A lone surrogate is read as
 * U+FFFD, as a UTF-8 encoder writes it (Python's fastText refuses such a
 * string; the WebAssembly build's copy joins it to the next code unit).
 */
function hashCodePoint(hash: number, codePoint: number): number {
  if (codePoint < 0x80) return fnvStep(hash, codePoint);
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0xfffd;
  if (codePoint < 0x800) return fnvStep(fnvStep(hash, 0xc0 | (codePoint >> 6)), 0x80 | (codePoint & 63));
  if (codePoint < 0x10000) {
    return fnvStep(fnvStep(fnvStep(hash, 0xe0 | (codePoint >> 12)), 0x80 | ((codePoint >> 6) & 63)), 0x80 | (codePoint & 63));
  }
  return fnvStep(
    fnvStep(fnvStep(fnvStep(hash, 0xf0 | (codePoint >> 18)), 0x80 | ((codePoint >> 12) & 63)), 0x80 | ((codePoint >> 6) & 63)),
    0x80 | (codePoint & 63),
  );
}

/**
 * `value % divisor` for an unsigned 32-bit value, by multiplying with the
 * inverse (a modulo of numbers above 2^31 is a slow call in V8): the quotient
 * is off by at most one, mended by one step, and every product is exact below 2^53.
 */
function unsignedModulo(value: number, divisor: number, inverse: number): number {
  const remainder = value - Math.floor(value * inverse) * divisor;
  return remainder < 0 ? remainder + divisor : remainder >= divisor ? remainder - divisor : remainder;
}

/** FNV-1a over UTF-16 code units: only to find vocabulary words, not fastText's hash. */
function codeUnitHash(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash;
}

/** fastText's token separators (`Dictionary::readWord`): all ASCII, so JavaScript's code units can be tested. */
function isSeparator(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9 || code === 11 || code === 12 || code === 0;
}

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;

class QuantizedFastText implements FastTextModel {
  private readonly dimension: number;
  private readonly subQuantizers: number;
  private readonly subDimension: number;
  private readonly bucketCount: number;
  private readonly minN: number;
  private readonly maxN: number;
  private readonly wordCount: number;
  private readonly labelCount: number;
  /** The vocabulary words by id, and a table of their ids by a hash of their code units (so that a token is looked up without cutting it out). */
  private readonly words: string[] = [];
  private readonly wordSlots: Int32Array;
  private readonly wordSlotHashes: Int32Array;
  private readonly labels: string[] = [];
  /** Rows of each vocabulary word (itself, then its n-grams), computed on first use. */
  private readonly wordRows: (Int32Array | undefined)[];
  private readonly bucketKeys: Int32Array;
  private readonly bucketRows: Int32Array;
  private readonly bucketPresent: Uint32Array;
  private readonly codes: Uint8Array;
  private readonly centroids: Float32Array;
  private readonly rowNorms: Float32Array;
  private readonly output: Float32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** The sum of the rows so far, one float32 a lane (held in doubles, rounded at each step). */
  private readonly sum: Float64Array;
  private readonly hidden: Float32Array;
  private rowCount = 0;
  private codePoints = new Int32Array(256);
  private readonly found: number[] = [];

  constructor(bytes: Uint8Array) {
    const reader = new ModelReader(bytes);
    if (reader.int32() !== FASTTEXT_MAGIC || reader.int32() !== FASTTEXT_VERSION) throw new Error('not a fastText model of version 12');
    this.dimension = reader.int32();
    reader.skip(4 * 5); // ws, epoch, minCount, neg, wordNgrams: training only (lid.176 has no word n-grams)
    const loss = reader.int32();
    reader.skip(4); // model: supervised
    this.bucketCount = reader.int32();
    this.minN = reader.int32();
    this.maxN = reader.int32();
    reader.skip(4 + 8); // lrUpdateRate, t
    if (loss !== LOSS_HIERARCHICAL_SOFTMAX) throw new Error('only models with a hierarchical softmax are read');

    const entryCount = reader.int32();
    this.wordCount = reader.int32();
    this.labelCount = reader.int32();
    reader.skip(8); // tokens seen in training
    const prunedBuckets = reader.int64();
    const labelCounts: number[] = [];
    for (let id = 0; id < entryCount; id++) {
      const entry = reader.cString();
      const count = reader.int64();
      const isLabel = reader.byte() === 1;
      if (isLabel) {
        this.labels.push(entry);
        labelCounts.push(count);
      } else {
        this.words[id] = entry;
      }
    }
    this.wordRows = new Array<Int32Array | undefined>(this.wordCount);
    let wordSlotCount = MIN_TABLE_SLOTS;
    while (wordSlotCount < this.wordCount * 2) wordSlotCount *= 2;
    this.wordSlots = new Int32Array(wordSlotCount).fill(-1);
    this.wordSlotHashes = new Int32Array(wordSlotCount);
    this.words.forEach((word, id) => {
      const hash = codeUnitHash(word, 0, word.length);
      let slot = hash & (wordSlotCount - 1);
      while (this.wordSlots[slot] !== -1) slot = (slot + 1) & (wordSlotCount - 1);
      this.wordSlots[slot] = id;
      this.wordSlotHashes[slot] = hash;
    });

    let slots = MIN_TABLE_SLOTS;
    while (slots < prunedBuckets * 2) slots *= 2;
    this.bucketKeys = new Int32Array(slots).fill(-1);
    this.bucketRows = new Int32Array(slots);
    this.bucketPresent = new Uint32Array(Math.ceil(this.bucketCount / 32));
    for (let i = 0; i < prunedBuckets; i++) {
      const bucket = reader.int32();
      const row = reader.int32();
      let slot = this.slotOf(bucket);
      while (this.bucketKeys[slot] !== -1) slot = (slot + 1) & (slots - 1);
      this.bucketKeys[slot] = bucket;
      this.bucketRows[slot] = row;
      this.bucketPresent[bucket >>> 5]! |= 1 << (bucket & 31);
    }

    if (reader.byte() !== 1 || reader.byte() !== 1) throw new Error('only models with a quantized input matrix and norms are read');
    const rows = reader.int64();
    reader.skip(8); // columns: the dimension
    const codeSize = reader.int32();
    this.codes = reader.bytesOf(codeSize);
    const quantizedDimension = reader.int32();
    this.subQuantizers = reader.int32();
    this.subDimension = reader.int32();
    const lastSubDimension = reader.int32();
    if (quantizedDimension !== this.dimension || this.subQuantizers * this.subDimension !== this.dimension || lastSubDimension !== this.subDimension) {
      throw new Error('only product quantizers of equal parts are read');
    }
    this.centroids = reader.floats(this.dimension * CENTROIDS);
    const normCodes = reader.bytesOf(rows);
    reader.skip(4 * 4); // the norm quantizer: dimension 1, one part
    const normCentroids = reader.floats(CENTROIDS);
    this.rowNorms = new Float32Array(rows);
    for (let row = 0; row < rows; row++) this.rowNorms[row] = normCentroids[normCodes[row]!]!;
    if (reader.byte() !== 0) throw new Error('only models with a dense output matrix are read');
    const outputRows = reader.int64();
    const outputColumns = reader.int64();
    if (outputColumns !== this.dimension) throw new Error('the output matrix does not match the dimension');
    this.output = reader.floats(outputRows * outputColumns);

    [this.left, this.right] = huffmanTree(labelCounts);
    this.sum = new Float64Array(this.dimension);
    this.hidden = new Float32Array(this.dimension);
  }

  private slotOf(bucket: number): number {
    return (Math.imul(bucket, 0x9e3779b1) >>> 0) & (this.bucketKeys.length - 1);
  }

  /** fastText's `QuantMatrix::addRowToVector`: each centroid times the row's norm, added in float32. */
  private addRow(row: number): void {
    const norm = this.rowNorms[row]!;
    const { sum, codes, centroids, subQuantizers, subDimension } = this;
    const codeBase = row * subQuantizers;
    for (let part = 0; part < subQuantizers; part++) {
      const centroid = (part * CENTROIDS + codes[codeBase + part]!) * subDimension;
      const lane = part * subDimension;
      for (let i = 0; i < subDimension; i++) sum[lane + i] = Math.fround(sum[lane + i]! + Math.fround(norm * centroids[centroid + i]!));
    }
    this.rowCount++;
  }

  private addRows(rows: Int32Array): void {
    for (let i = 0; i < rows.length; i++) this.addRow(rows[i]!);
  }

  /**
   * fastText's `Dictionary::computeSubwords` over `<word>`: the n-grams of
   * minN to maxN code points, hashed over their UTF-8 bytes, kept where the
   * model kept their bucket. `end` is exclusive; the word is text[start, end).
   */
  private ngramRows(text: string, start: number, end: number): number[] {
    if (this.codePoints.length < end - start + 2) this.codePoints = new Int32Array(2 * (end - start + 2));
    const codePoints = this.codePoints;
    let length = 0;
    codePoints[length++] = LESS_THAN;
    for (let i = start; i < end; i++) {
      let code = text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      codePoints[length++] = code;
    }
    codePoints[length++] = GREATER_THAN;

    const found = this.found;
    found.length = 0;
    const { bucketCount, bucketKeys, bucketRows, bucketPresent, wordCount, minN, maxN } = this;
    const mask = bucketKeys.length - 1;
    const inverseBucketCount = 1 / bucketCount;
    for (let first = 0; first < length; first++) {
      let hash = FNV_OFFSET;
      const last = Math.min(length, first + maxN);
      for (let next = first; next < last; next++) {
        hash = hashCodePoint(hash, codePoints[next]!);
        const n = next - first + 1;
        // fastText skips single characters at the word's edges (the `<` and `>`).
        if (n < minN || (n === 1 && (first === 0 || next === length - 1))) continue;
        const bucket = unsignedModulo(hash >>> 0, bucketCount, inverseBucketCount);
        if ((bucketPresent[bucket >>> 5]! & (1 << (bucket & 31))) === 0) continue;
        for (let slot = this.slotOf(bucket); ; slot = (slot + 1) & mask) {
          const key = bucketKeys[slot]!;
          if (key === bucket) {
            found.push(wordCount + bucketRows[slot]!);
            break;
          }
          if (key === -1) break;
        }
      }
    }
    return found;
  }

  /** The vocabulary id of text[start, end), or -1. */
  private wordIdOf(text: string, start: number, end: number): number {
    const hash = codeUnitHash(text, start, end);
    const mask = this.wordSlots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.wordSlots[slot]!;
      if (id === -1) return -1;
      if (this.wordSlotHashes[slot] === hash && this.words[id]!.length === end - start && text.startsWith(this.words[id]!, start)) return id;
    }
  }

  private rowsOfWord(id: number): Int32Array {
    let rows = this.wordRows[id];
    if (rows === undefined) {
      const word = this.words[id]!;
      rows = word === END_OF_SENTENCE ? Int32Array.of(id) : Int32Array.from([id, ...this.ngramRows(word, 0, word.length)]);
      this.wordRows[id] = rows;
    }
    return rows;
  }

  predict(text: string, k: number, threshold: number): Map<string, number> {
    this.sum.fill(0);
    this.rowCount = 0;
    const length = text.length;
    let i = 0;
    while (i < length) {
      if (isSeparator(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < length && !isSeparator(text.charCodeAt(i))) i++;
      const id = this.wordIdOf(text, start, i);
      if (id >= 0) {
        this.addRows(this.rowsOfWord(id));
      } else if (!text.startsWith(LABEL_PREFIX, start)) {
        for (const row of this.ngramRows(text, start, i)) this.addRow(row);
      }
    }
    // Python's fastText (what datatrove calls) and the WebAssembly build end the line: the end-of-sentence word counts.
    this.addRows(this.rowsOfWord(this.wordIdOf(END_OF_SENTENCE, 0, END_OF_SENTENCE.length)));
    const scale = Math.fround(1 / this.rowCount);
    for (let lane = 0; lane < this.dimension; lane++) this.hidden[lane] = Math.fround(this.sum[lane]! * scale);
    return this.search(k === -1 ? this.labelCount : k, threshold);
  }

  /** fastText's `HierarchicalSoftmaxLoss::dfs`, with its pruning: the `k` best leaves at or above the threshold. */
  private search(k: number, threshold: number): Map<string, number> {
    const best: { logProbability: number; label: number; order: number }[] = [];
    const floor = logOf(threshold);
    const root = 2 * this.labelCount - 2;
    let order = 0;
    const visit = (node: number, logProbability: number): void => {
      if (logProbability < floor) return;
      if (best.length === k && logProbability < best[best.length - 1]!.logProbability) return;
      const left = this.left[node]!;
      if (left === -1) {
        best.push({ logProbability, label: node, order: order++ });
        // fastText's heap drops the earlier of two equal scores.
        best.sort((a, b) => b.logProbability - a.logProbability || b.order - a.order);
        if (best.length > k) best.pop();
        return;
      }
      const f = Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-this.dot(node - this.labelCount)))));
      visit(left, Math.fround(logProbability + logOf(1 - f)));
      visit(this.right[node]!, Math.fround(logProbability + logOf(f)));
    };
    visit(root, 0);
    const result = new Map<string, number>();
    for (const { logProbability, label } of best) result.set(this.labels[label]!, Math.fround(Math.exp(logProbability)));
    return result;
  }

  private dot(outputRow: number): number {
    let dot = 0;
    const base = outputRow * this.dimension;
    for (let lane = 0; lane < this.dimension; lane++) dot = Math.fround(dot + Math.fround(this.output[base + lane]! * this.hidden[lane]!));
    return dot;
  }
}

/** fastText's `std_log`: the float argument, plus 1e-5 in double, logged, back to float. */
function logOf(x: number): number {
  return Math.fround(Math.log(Math.fround(x) + 1e-5));
}

/** fastText's `HierarchicalSoftmaxLoss::buildTree` (labels come sorted by count, most frequent first): children of each inner node. */
function huffmanTree(counts: readonly number[]): [Int32Array, Int32Array] {
  const leaves = counts.length;
  const nodes = 2 * leaves - 1;
  const count = new Float64Array(nodes).fill(1e15);
  const left = new Int32Array(nodes).fill(-1);
  const right = new Int32Array(nodes).fill(-1);
  for (let i = 0; i < leaves; i++) count[i] = counts[i]!;
  let leaf = leaves - 1;
  let inner = leaves;
  for (let node = leaves; node < nodes; node++) {
    const pair = [0, 0];
    for (let j = 0; j < 2; j++) pair[j] = leaf >= 0 && count[leaf]! < count[inner]! ? leaf-- : inner++;
    left[node] = pair[0]!;
    right[node] = pair[1]!;
    count[node] = count[pair[0]!]! + count[pair[1]!]!;
  }
  return [left, right];
}

/** Reads a fastText model file (`.ftz`, version 12, quantized, hierarchical softmax), as lid.176.ftz is. */
export function readFastTextModel(bytes: Uint8Array): FastTextModel {
  return new QuantizedFastText(bytes);
}
