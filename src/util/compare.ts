/**
 * The one string order of every report: Unicode code point order (the order of the strings'
 * UTF-8 bytes), never `localeCompare`, whose result depends on the machine's locale and ICU data.
 * Two CI runners with different `LANG` must write the same bytes.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/**
 * UTF-16 code units compare like code points except that surrogates (D800–DFFF, the halves of
 * code points above FFFF) must sort after E000–FFFF.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * Natural order for version-like strings ("1.10" after "1.9") without the locale: runs of ASCII
 * digits compare by value, everything else by code point.
 */
export function compareNatural(a: string, b: string): number {
  const digits = /(\d+)/;
  const pa = a.split(digits);
  const pb = b.split(digits);
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    if (pa[i] === pb[i]) continue;
    if (i % 2 === 1) {
      const byLength = pa[i].replace(/^0+/, '').length - pb[i].replace(/^0+/, '').length;
      if (byLength !== 0) return byLength;
      const byValue = compareStrings(pa[i].replace(/^0+/, ''), pb[i].replace(/^0+/, ''));
      if (byValue !== 0) return byValue;
      return pa[i].length - pb[i].length;
    }
    return compareStrings(pa[i], pb[i]);
  }
  return pa.length - pb.length;
}
