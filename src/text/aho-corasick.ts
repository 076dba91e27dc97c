/**
 * A small Aho-Corasick automaton over UTF-16 code units: all lexicon phrases
 * are found in one left-to-right pass, overlapping matches included.
 */
interface Node<T> {
  next: Map<number, number>;
  fail: number;
  /** values of patterns ending here, with their lengths (own and inherited through fail links) */
  out: Array<{ length: number; value: T }>;
}

export class AhoCorasick<T> {
  private readonly nodes: Node<T>[] = [{ next: new Map(), fail: 0, out: [] }];
  /*
   * The search reads flat tables: from the root, a direct array over all code
   * units (most characters of a turn start no phrase and stay there); from
   * other states, one map keyed by state and code unit, then the fail links.
   */
  private readonly fromRoot = new Int32Array(0x10000);
  private readonly transitions = new Map<number, number>();
  private readonly fail: Int32Array;
  private readonly outputs: Array<Array<{ length: number; value: T }> | undefined>;

  constructor(patterns: Iterable<[string, T]>) {
    for (const [pattern, value] of patterns) this.add(pattern, value);
    this.link();
    this.fail = Int32Array.from(this.nodes, (n) => n.fail);
    this.outputs = this.nodes.map((n) => (n.out.length > 0 ? n.out : undefined));
    this.nodes.forEach((node, state) => {
      for (const [code, child] of node.next) {
        if (state === 0) this.fromRoot[code] = child;
        else this.transitions.set(state * 0x10000 + code, child);
      }
    });
  }

  private add(pattern: string, value: T): void {
    if (pattern.length === 0) return;
    let state = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let target = this.nodes[state].next.get(code);
      if (target === undefined) {
        target = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        this.nodes[state].next.set(code, target);
      }
      state = target;
    }
    this.nodes[state].out.push({ length: pattern.length, value });
  }

  private link(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0].next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [code, child] of this.nodes[state].next) {
        let fail = this.nodes[state].fail;
        while (fail !== 0 && !this.nodes[fail].next.has(code)) fail = this.nodes[fail].fail;
        const candidate = this.nodes[fail].next.get(code);
        this.nodes[child].fail = candidate !== undefined && candidate !== child ? candidate : 0;
        this.nodes[child].out.push(...this.nodes[this.nodes[child].fail].out);
        queue.push(child);
      }
    }
  }

  /** Calls `visit` with every occurrence of every pattern in `text`, in the order their ends are reached. */
  forEachMatch(text: string, visit: (start: number, end: number, value: T) => void): void {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      while (state !== 0) {
        const next = this.transitions.get(state * 0x10000 + code);
        if (next !== undefined) {
          state = next;
          break;
        }
        state = this.fail[state];
      }
      if (state === 0) state = this.fromRoot[code];
      const out = this.outputs[state];
      if (out) for (const { length, value } of out) visit(i + 1 - length, i + 1, value);
    }
  }
}
