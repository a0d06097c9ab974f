/**
 * A path of the report (relative to the scanned folder) as a person at the prompt would type
 * it: prefixed with the scanned folder as seen from where the command runs (`''` when the same).
 */
export function displayPath(file: string, prefix: string | undefined): string {
  // Files outside the checkout (a package manager's cache, shown as `~/…` or absolute) are not under it.
  if (!prefix || file.startsWith('~/') || /^(\/|[A-Za-z]:[\\/])/.test(file)) return file;
  const folder = prefix.replace(/\/+$/, '');
  // `.` in a report is the scanned folder itself.
  return file === '.' ? folder : `${folder}/${file}`;
}
