'use strict';
// Text rendering for the benchmark's stdout: fixed-width tables and unit formatting.

function formatSeconds(ms) {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '-';
}

function formatMilliseconds(ms) {
  return Number.isFinite(ms) ? `${Math.round(ms)} ms` : '-';
}

function formatMiB(kib) {
  return Number.isFinite(kib) ? `${Math.round(kib / 1024)} MiB` : '-';
}

function formatRatio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '-';
}

function truncate(text, width) {
  const flat = String(text).replace(/\s+/g, ' ');
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Renders rows as an aligned plain-text table. Columns whose header starts with a digit-ish
 * value are not special-cased: pass `align` to right-align numeric columns.
 * @param {string[]} headers
 * @param {Array<Array<string|number>>} rows
 * @param {{align?: Array<'left'|'right'>, maxCellWidth?: number}} [options]
 */
function renderTable(headers, rows, options = {}) {
  const maxCellWidth = options.maxCellWidth ?? 40;
  const cells = [headers, ...rows].map((row) => row.map((cell) => truncate(cell ?? '', maxCellWidth)));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const align = options.align ?? [];
  const renderRow = (row) =>
    row
      .map((cell, column) =>
        align[column] === 'right' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ').trimEnd();
  return [renderRow(cells[0]), rule, ...cells.slice(1).map(renderRow)].join('\n');
}

module.exports = { formatSeconds, formatMilliseconds, formatMiB, formatRatio, truncate, renderTable };
