/** Just enough purl parsing for the lookups that need a namespace (purl-spec: type/namespace/name@version). */
export function parsePurlMaven(purl: string): { group: string; artifact: string } | null {
  const m = /^pkg:maven\/([^/@?#]+)\/([^/@?#]+)/i.exec(purl);
  if (!m) return null;
  try {
    return { group: decodeURIComponent(m[1]), artifact: decodeURIComponent(m[2]) };
  } catch {
    return null;
  }
}
