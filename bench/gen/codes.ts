// Unique identifiers derived from the product index: a model code (in the name) and a SKU code (in
// product_id). Both come from a seeded bijection on [0, 2^23), so they are unique for every index below
// MAX_PRODUCTS, look random, and need no storage.
import { mix32 } from './rng';

/** Largest catalog the generator supports (8.4M; the benchmark target is 2.3M). */
export const MAX_PRODUCTS = 1 << 23;
const MASK = MAX_PRODUCTS - 1;
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // no I/O: they read as 1/0 on a phone call
const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A keyed permutation of [0, 2^23): odd multiplies, xor-shifts and key adds are each bijective mod 2^23. */
function permute23(x: number, key: number): number {
  let v = (x + key) & MASK;
  v = Math.imul(v, 0x2c1b3c6d | 1) & MASK;
  v ^= v >>> 12;
  v = (v + (key >>> 8)) & MASK;
  v = Math.imul(v, 0x297a2d39 | 1) & MASK;
  v ^= v >>> 11;
  v = Math.imul(v, 0x5bd1e995 | 1) & MASK;
  v ^= v >>> 13;
  return v;
}

/**
 * Spreads v < 2^23 over the whole code space [0, m) with an affine map that is a bijection mod m
 * (a coprime to m), so leading characters vary as much as trailing ones.
 */
function spread(v: number, m: number, a: number, b: number): number {
  return (v * a + b) % m; // v * a < 2^23 * 2^27 < 2^53: exact in a double
}

function mixedRadix(v: number, radices: readonly string[]): string {
  let out = '';
  for (let k = radices.length - 1; k >= 0; k--) {
    const alphabet = radices[k];
    out = alphabet[v % alphabet.length] + out;
    v = Math.floor(v / alphabet.length);
  }
  return out;
}

function checkIndex(i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= MAX_PRODUCTS) {
    throw new RangeError(`product index ${i} outside [0, ${MAX_PRODUCTS})`);
  }
}

// letter digit alnum alnum digit alnum: 24*10*34*34*10*34 = 94M >= 2^23; always starts with a letter and
// holds two digits, so it is never an ordinary word in any language.
const MODEL_RADICES = [LETTERS, DIGITS, ALNUM, ALNUM, DIGITS, ALNUM];
const MODEL_SPACE = 24 * 10 * 34 * 34 * 10 * 34; // 2^8 * 3 * 5^2 * 17^3; multiplier 77,777,777 is coprime
const SKU_SPACE = 10 * 34 * 34 * 24 * 34; // 2^6 * 3 * 5 * 17^3; multiplier 7,777,777 is coprime
// digit alnum alnum letter alnum: 9.4M >= 2^23; starts with a digit (never equals a model code) and holds a
// letter (never a bare number such as a price).
const SKU_RADICES = [DIGITS, ALNUM, ALNUM, LETTERS, ALNUM];

/** Six characters like "X7K2Q9"-ish ("K4TZ8M"), unique per index for a given seed. */
export function modelCodeAt(i: number, seed: number): string {
  checkIndex(i);
  return mixedRadix(spread(permute23(i, mix32(seed, 0x6d6f64)), MODEL_SPACE, 77_777_777, 12_345_678), MODEL_RADICES);
}

/** Five characters like "4F2K9", unique per index for a given seed; distinct in shape from model codes. */
export function skuCodeAt(i: number, seed: number): string {
  checkIndex(i);
  return mixedRadix(spread(permute23(i, mix32(seed, 0x736b75)), SKU_SPACE, 7_777_777, 4_242_424), SKU_RADICES);
}
