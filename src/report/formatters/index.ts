import type { Formatter } from '../../types';

/** Formatters by name, loaded on first use. Each is made only from the JSON report. */
const FORMATTERS: Record<string, () => Formatter> = {
  csv: () => {
    const { format } = require('./csv') as typeof import('./csv');
    return format;
  },
  cyclonedx: () => {
    const { format } = require('./cyclonedx') as typeof import('./cyclonedx');
    return format;
  },
  github: () => {
    const { format } = require('./github') as typeof import('./github');
    return format;
  },
  html: () => {
    const { format } = require('./html') as typeof import('./html');
    return format;
  },
  json: () => {
    const { format } = require('./json') as typeof import('./json');
    return format;
  },
  markdown: () => {
    const { format } = require('./markdown') as typeof import('./markdown');
    return format;
  },
  sarif: () => {
    const { format } = require('./sarif') as typeof import('./sarif');
    return format;
  },
  spdx: () => {
    const { format } = require('./spdx') as typeof import('./spdx');
    return format;
  },
  stylish: () => {
    const { format } = require('./stylish') as typeof import('./stylish');
    return format;
  },
  summary: () => {
    const { format } = require('./summary') as typeof import('./summary');
    return format;
  },
};

export const FORMAT_NAMES = Object.keys(FORMATTERS);

/** Formats whose output is for machines: never coloured. */
export const MACHINE_FORMATS = new Set(['json', 'sarif', 'github', 'cyclonedx', 'spdx', 'csv']);

export function getFormatter(name: string): Formatter | undefined {
  const load = FORMATTERS[name];
  return load ? load() : undefined;
}
