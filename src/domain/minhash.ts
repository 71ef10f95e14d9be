/**
 * MinHash with LSH banding (analytics: similar complaints across customers, issue 10). Pure: sets of words in,
 * groups of indexes out. Candidate pairs share a band of `rows` signature values; a pair joins a group only when the
 * exact Jaccard similarity of the two word sets is at least `threshold` (no false positive from the sketch).
 */
const HASHES = 64;
const ROWS = 4; // 16 bands of 4: pairs at Jaccard 0.5 collide in some band with probability 1 − (1 − 0.5⁴)¹⁶ ≈ 0.64; at 0.7 ≈ 0.99

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The signature of a word set: for each of HASHES seeded hash functions, the minimum over the words. */
export function signature(words: readonly string[]): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(0xffffffff);
  for (const w of words) {
    const h = fnv1a(w);
    for (let k = 0; k < HASHES; k++) {
      // A cheap family of hash functions: h XOR a per-function odd multiplier's mix.
      const v = (Math.imul(h ^ (k * 0x9e3779b1), 0x85ebca6b) ^ (h >>> 13)) >>> 0;
      if (v < sig[k]!) sig[k] = v;
    }
  }
  return sig;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size && !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Groups (index lists, largest first) of the documents that say the same thing; singletons left out. */
export function similarGroups(docs: readonly (readonly string[])[], threshold = 0.5): number[][] {
  const sets = docs.map((d) => new Set(d));
  const parent = docs.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const sigs = docs.map((d) => signature(d));
  for (let b = 0; b < HASHES / ROWS; b++) {
    const buckets = new Map<string, number[]>();
    sigs.forEach((s, i) => {
      if (!sets[i]!.size) return;
      const key = Array.from(s.subarray(b * ROWS, b * ROWS + ROWS)).join(',');
      const list = buckets.get(key);
      if (list) list.push(i);
      else buckets.set(key, [i]);
    });
    for (const list of buckets.values()) {
      for (let x = 1; x < list.length; x++) {
        const i = list[0]!, j = list[x]!;
        if (find(i) !== find(j) && jaccard(sets[i]!, sets[j]!) >= threshold) parent[find(j)] = find(i);
      }
    }
  }
  const groups = new Map<number, number[]>();
  docs.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => b.length - a.length);
}
