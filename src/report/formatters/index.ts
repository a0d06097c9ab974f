import type { Formatter } from '../../types';

/** Formatters by name, loaded on first use. Each is made only from the JSON report. */
const FORMATTERS: Record<string, () => Formatter> = {
  csv: () => require('./csv').format,
  cyclonedx: () => require('./cyclonedx').format,
  github: () => require('./github').format,
  html: () => require('./html').format,
  json: () => require('./json').format,
  markdown: () => require('./markdown').format,
  sarif: () => require('./sarif').format,
  spdx: () => require('./spdx').format,
  stylish: () => require('./stylish').format,
  summary: () => require('./summary').format,
};

export const FORMAT_NAMES = Object.keys(FORMATTERS);

/** Formats whose output is for machines: never coloured. */
export const MACHINE_FORMATS = new Set(['json', 'sarif', 'github', 'cyclonedx', 'spdx', 'csv']);

export function getFormatter(name: string): Formatter | undefined {
  const load = FORMATTERS[name];
  return load ? load() : undefined;
}
