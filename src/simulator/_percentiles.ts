/**
 * Nearest-rank percentiles (ascending `ps`), each 0 when there are no values. Quickselect instead
 * of a sort: a day of traffic has millions of latencies and only a few ranks are read. Reorders
 * `values`.
 */
export function percentiles(values: Float64Array, ps: number[]): number[] {
  let from = 0;
  return ps.map((p) => {
    if (values.length === 0) return 0;
    const k = Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1));
    select(values, k, from, values.length - 1);
    from = k;
    return values[k];
  });
}

/** Moves the k-th smallest of values[lo..hi] to index k, smaller ones before it and larger ones after (Hoare's quickselect). */
function select(values: Float64Array, k: number, lo: number, hi: number): void {
  let left = lo;
  let right = hi;
  while (left < right) {
    const pivot = medianOfThree(values[left], values[Math.floor((left + right) / 2)], values[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

function medianOfThree(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}
