// A deterministic product manual of about `chars` characters for product i (instruction-like English words): the
// generator's products have no manual, so benches that need long fields add one (search-filters, serve --manual).
const WORDS = (
  'press hold button seconds until light blinks charge battery fully before first use connect cable port device settings ' +
  'menu select option reset factory default warranty service clean cloth dry avoid water heat store cool place replace ' +
  'filter monthly check seal gasket tighten screw bracket mount wall level install driver update firmware version pair ' +
  'bluetooth wifi network password display screen brightness volume mode timer schedule'
).split(' ');

export function manualText(i: number, chars: number): string {
  let s = '';
  let x = (i * 2654435761) >>> 0;
  while (s.length < chars) {
    x = (Math.imul(x ^ (x >>> 13), 1103515245) + 12345) >>> 0;
    s += `${WORDS[x % WORDS.length]}${x % 7 === 0 ? '. ' : ' '}`;
  }
  return s;
}
