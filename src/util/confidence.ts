/** A confidence as reports carry it: three decimals, so equal evidence prints the same bytes. */
export function roundConfidence(n: number): number {
  return Math.round(n * 1000) / 1000;
}
