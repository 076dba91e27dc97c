/**
 * A small Aho-Corasick automaton over UTF-16 code units: all lexicon phrases
 * are found in one left-to-right pass, overlapping matches included.
 */
export interface AcMatch<T> {
  start: number;
  end: number;
  value: T;
}

interface Node<T> {
  next: Map<number, number>;
  fail: number;
  /** values of patterns ending here, with their lengths (own and inherited through fail links) */
  out: Array<{ length: number; value: T }>;
}

export class AhoCorasick<T> {
  private readonly nodes: Node<T>[] = [{ next: new Map(), fail: 0, out: [] }];

  constructor(patterns: Iterable<[string, T]>) {
    for (const [pattern, value] of patterns) this.add(pattern, value);
    this.link();
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

  /** Every occurrence of every pattern in `text`. */
  search(text: string): AcMatch<T>[] {
    const found: AcMatch<T>[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      while (state !== 0 && !this.nodes[state].next.has(code)) state = this.nodes[state].fail;
      state = this.nodes[state].next.get(code) ?? 0;
      for (const { length, value } of this.nodes[state].out) found.push({ start: i + 1 - length, end: i + 1, value });
    }
    return found;
  }
}
