/** Text and attribute values for HTML: every value from the report goes through this. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped text with Markdown code spans (`npm ci`) shown as code instead of raw backticks. */
export function inlineMarkdown(value: string): string {
  return escapeHtml(value).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}
