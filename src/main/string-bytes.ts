// What V8 keeps for a string's characters: one byte each while every character is Latin-1 (U+0000–U+00FF), two
// bytes each when any is past it. The caches' byte bounds count text so; counting every text at two bytes (as they
// once did) held half of what their bound allowed for English, French or German text.
const TWO_BYTE = /[^\u0000-\u00ff]/;

/** Bytes of `s`'s characters as V8 stores a flat string (its ~16-byte header not included). */
export function stringBytes(s: string): number {
  return TWO_BYTE.test(s) ? 2 * s.length : s.length;
}
