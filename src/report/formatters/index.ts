import type { Formatter } from '../../types';

/** Formatters by name, loaded on first use. Each is made only from the JSON report. */
const FORMATTERS: Record<string, () => Formatter> = {
  csv: () => (require('./csv') as typeof import('./csv')).format,
  cyclonedx: () => (require('./cyclonedx') as typeof import('./cyclonedx')).format,
  github: () => (require('./github') as typeof import('./github')).format,
  html: () => (require('./html') as typeof import('./html')).format,
  json: () => (require('./json') as typeof import('./json')).format,
  markdown: () => (require('./markdown') as typeof import('./markdown')).format,
  sarif: () => (require('./sarif') as typeof import('./sarif')).format,
  spdx: () => (require('./spdx') as typeof import('./spdx')).format,
  stylish: () => (require('./stylish') as typeof import('./stylish')).format,
  summary: () => (require('./summary') as typeof import('./summary')).format,
};

export const FORMAT_NAMES = Object.keys(FORMATTERS);

/** Formats whose output is for machines: never coloured. */
export const MACHINE_FORMATS = new Set(['json', 'sarif', 'github', 'cyclonedx', 'spdx', 'csv']);

export function getFormatter(name: string): Formatter | undefined {
  const load = FORMATTERS[name];
  return load ? load() : undefined;
}
