/**
 * Clusters of documents by their positions in the input: the root of a
 * cluster is always its smallest position, so the survivor of a cluster is
 * its first document in input order, whatever order the pairs came in. Only
 * the positions ever joined are held: memory grows with the documents that
 * have duplicates, not with the corpus.
 */
export class UnionFind {
  private readonly parent = new Map<number, number>();

  find(position: number): number {
    let at = position;
    for (;;) {
      const up = this.parent.get(at);
      if (up === undefined || up === at) return at;
      const grand = this.parent.get(up) ?? up;
      this.parent.set(at, grand);
      at = grand;
    }
  }

  union(a: number, b: number): void {
    if (!this.parent.has(a)) this.parent.set(a, a);
    if (!this.parent.has(b)) this.parent.set(b, b);
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA < rootB) this.parent.set(rootB, rootA);
    else if (rootB < rootA) this.parent.set(rootA, rootB);
  }

  /** Every position ever joined. */
  members(): IterableIterator<number> {
    return this.parent.keys();
  }
}
