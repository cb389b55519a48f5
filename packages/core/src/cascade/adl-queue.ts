/**
 * The auto-deleveraging queue: a binary max-heap of (score, position) in typed arrays. Building
 * it is O(n) and only the counterparties actually used are popped, so a cascade that deleverages
 * a handful of positions does not pay for sorting the whole side.
 */
export interface AdlQueue {
  readonly score: Float64Array;
  readonly index: Int32Array;
  size: number;
}

export function createAdlQueue(capacity: number): AdlQueue {
  return { score: new Float64Array(capacity), index: new Int32Array(capacity), size: 0 };
}

/** Resets the queue to hold `count` entries already written into score/index, then heapifies. */
export function heapify(q: AdlQueue, count: number): void {
  q.size = count;
  for (let i = (count >> 1) - 1; i >= 0; i--) siftDown(q, i);
}

/** Highest score first; ties by lower position index (deterministic). */
function before(q: AdlQueue, a: number, b: number): boolean {
  const sa = q.score[a]!;
  const sb = q.score[b]!;
  return sa > sb || (sa === sb && q.index[a]! < q.index[b]!);
}

function swap(q: AdlQueue, a: number, b: number): void {
  const s = q.score[a]!;
  q.score[a] = q.score[b]!;
  q.score[b] = s;
  const i = q.index[a]!;
  q.index[a] = q.index[b]!;
  q.index[b] = i;
}

function siftDown(q: AdlQueue, start: number): void {
  let i = start;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= q.size) return;
    const right = left + 1;
    const child = right < q.size && before(q, right, left) ? right : left;
    if (!before(q, child, i)) return;
    swap(q, i, child);
    i = child;
  }
}

/** Position at the top of the queue, or −1 when empty. */
export function peek(q: AdlQueue): number {
  return q.size > 0 ? q.index[0]! : -1;
}

export function pop(q: AdlQueue): void {
  if (q.size === 0) return;
  q.size -= 1;
  if (q.size > 0) {
    q.score[0] = q.score[q.size]!;
    q.index[0] = q.index[q.size]!;
    siftDown(q, 0);
  }
}
