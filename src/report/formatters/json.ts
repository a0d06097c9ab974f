import type { Formatter } from '../../types';

/** The contract other tools read (DESIGN.md): stable key order, two-space indent, trailing newline. */
export const format: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
