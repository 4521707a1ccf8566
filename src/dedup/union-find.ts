/**
 * Clusters of documents by their positions in the input: the root of a
 * cluster is always its smallest position, so the survivor of a cluster is
 * its first document in input order, whatever order the pairs came in.
 */
export class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  /** The cluster's first position (with path halving). */
  find(position: number): number {
    let at = position;
    for (;;) {
      const up = this.parent[at] as number;
      if (up === at) return at;
      const grand = this.parent[up] as number;
      this.parent[at] = grand;
      at = grand;
    }
  }

  /** Puts two positions in one cluster. */
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }
}
