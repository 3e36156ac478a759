/** One scheduled event of the virtual clock. */
export interface SimEvent {
  /** Virtual time, hours. */
  t: number;
  kind: number;
  /** Provider, unit or timer generation, by kind. */
  a: number;
  /** Insertion order: equal times pop first-in first-out, so a seed gives one history. */
  seq: number;
}

/** A binary min-heap of events by (t, seq): the discrete-event simulation's agenda. */
export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;

  /** Number of pending events. */
  get size(): number {
    return this.heap.length;
  }

  /** Schedules an event. */
  push(t: number, kind: number, a: number): void {
    const h = this.heap;
    h.push({ t, kind, a, seq: this.seq++ });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Removes and returns the earliest event. */
  pop(): SimEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

const before = (x: SimEvent, y: SimEvent) => x.t < y.t || (x.t === y.t && x.seq < y.seq);
