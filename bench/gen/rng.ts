// Small, fast, seedable PRNG helpers. Every generated value is a pure function of (seed, index).

/** A random source: returns a float in [0, 1). */
export type Rng = () => number;

/** splitmix32-style integer hash: spreads (seed, i, salt) into a well-mixed 32-bit state. */
export function mix32(seed: number, i: number, salt = 0): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(i | 0, 0x85ebca6b) ^ Math.imul(salt | 0, 0xc2b2ae35)) >>> 0;
  h ^= Math.floor(i / 4294967296); // indices past 2^32 still differ
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return (h ^ (h >>> 15)) >>> 0;
}

/** mulberry32 seeded from mix32(seed, i, salt). */
export function rngFor(seed: number, i: number, salt = 0): Rng {
  let a = mix32(seed, i, salt);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [lo, hi] inclusive. */
export function int(r: Rng, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

/** One decimal place, in [lo, hi]. */
export function dec1(r: Rng, lo: number, hi: number): number {
  return Math.round((lo + r() * (hi - lo)) * 10) / 10;
}

/** A deterministic Fisher–Yates shuffle of a copy. */
export function shuffled<T>(r: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(r() * (k + 1));
    const t = out[k];
    out[k] = out[j];
    out[j] = t;
  }
  return out;
}
