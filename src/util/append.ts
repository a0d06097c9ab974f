/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as a call
 * argument and throws "Maximum call stack size exceeded" past about 120,000 of them: a lockfile
 * of 130k packages made the npm reader "fail" that way and the scan report 0 components.
 */
export function appendAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}
