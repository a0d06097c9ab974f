/**
 * Fills `{{name}}` placeholders from data. A placeholder without data is left as written, so
 * a missing field is visible instead of silently producing a misleading sentence.
 */
export function interpolate(template: string, data: Record<string, string> | undefined): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) =>
    data && Object.prototype.hasOwnProperty.call(data, key) ? data[key] : whole,
  );
}

/** Placeholder names a template uses, for tests and config docs. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]);
}
