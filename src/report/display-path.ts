/**
 * A path of the report (relative to the scanned folder) as a person at the prompt would type
 * it: prefixed with the scanned folder as seen from where the command runs (`''` when the same).
 */
export function displayPath(file: string, prefix: string | undefined): string {
  if (!prefix) return file;
  const folder = prefix.replace(/\/+$/, '');
  // `.` in a report is the scanned folder itself.
  return file === '.' ? folder : `${folder}/${file}`;
}
