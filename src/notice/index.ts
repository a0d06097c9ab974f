import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Report, ReportComponent, SafeFs } from '../types';
import { createSafeFs } from '../read/fs';
import { compareNatural, compareStrings } from '../util/compare';
import { licenseIdsOf, referenceText } from '../report/sbom-model';
import { escapeHtml } from '../report/html/escape';

/**
 * The third-party notices a `distributed` product ships (`license-risk notice`): for each
 * shipped (non-dev) component its license text(s) as found, its copyright lines and its NOTICE
 * file (Apache-2.0 §4(d)). A license text is printed once however many components use it: the
 * copyright lines are taken out of each text and listed per component, so the hundreds of MIT
 * files that differ only in their copyright line become one text. A component with no text
 * found gets the SPDX reference text of its license, with a note saying so.
 */

export interface NoticeComponent {
  name: string;
  version: string;
  license: string;
  copyrights: string[];
  /** Ids of the texts in `texts` that apply. */
  textIds: string[];
  notices: { file: string; text: string }[];
  notes: string[];
}

export interface NoticeText {
  id: string;
  /** What the text is (the identified license, or the reference license id). */
  title: string;
  text: string;
  /** True when it is the SPDX/knowledge-base reference text, not one found in a package. */
  reference: boolean;
}

export interface NoticeDocument {
  project: string;
  components: NoticeComponent[];
  texts: NoticeText[];
}

const NOTICE_FILE = /^notice(s)?(\.(md|markdown|txt))?$/i;
/** A copyright statement: "Copyright (c) 2020 Name", "Copyright 2010 Name", "© 2018 Name", "(c) 2019 Name". */
const COPYRIGHT_LINE = /^(?:(?:Copyright|COPYRIGHT|copyright)\s*(?:\(c\)|©|\d{4}|by\s|[A-Z0-9@<"'])|(?:\(c\)|©)\s*\d{4})/i;
/** …and not a sentence about copyright that a wrapped license text happens to start a line with. */
const COPYRIGHT_PROSE = /^copyright\s+(?:notices?|holders?|owners?|law|laws|and|statements?|license|licenses|protection|of|on|to|in|is|the|or|for|interest|rights?|claims?|infringement|treaty|act)\b/i;
const TEMPLATE_PLACEHOLDER = /\[(yyyy|year|name of copyright owner|fullname)\]|<(year|name of author|copyright holders?)>|\{(yyyy|year|name of copyright owner)\}/i;

/** Builds the notice document from a scan's report, reading the texts it names under `root`. */
export async function buildNotice(report: Report, root: string, project: string): Promise<NoticeDocument> {
  const safeFs = createSafeFs(root);
  const texts = new Map<string, NoticeText>();
  const components: NoticeComponent[] = [];
  const shipped = report.components
    .filter((c) => c.scope !== 'dev')
    .sort((a, b) => compareStrings(a.name, b.name) || compareNatural(a.version, b.version) || compareStrings(a.id, b.id));

  for (const c of shipped) {
    const entry: NoticeComponent = { name: c.name, version: c.version, license: c.license.expression ?? 'unknown', copyrights: [], textIds: [], notices: [], notes: [] };
    const copyrights = new Set<string>();
    const folders = new Set<string>();
    for (const f of licenseFilesOf(c)) {
      const read = await safeFs.readText(f.file, { allowTruncate: true });
      if (!read.ok) continue;
      folders.add(path.posix.dirname(f.file));
      const { body, lines } = splitCopyright(read.text);
      for (const l of lines) copyrights.add(l);
      if (body.trim() === '') continue;
      const id = addText(texts, { title: f.expression ?? 'license text', text: body, reference: false });
      if (!entry.textIds.includes(id)) entry.textIds.push(id);
    }
    for (const folder of [...folders].sort(compareStrings)) {
      for (const name of safeFs.list(folder).filter((n) => NOTICE_FILE.test(n))) {
        const file = folder === '.' ? name : `${folder}/${name}`;
        const read = await safeFs.readText(file, { allowTruncate: true });
        if (!read.ok || read.text.trim() === '') continue;
        entry.notices.push({ file, text: read.text.trimEnd() });
        for (const l of splitCopyright(read.text).lines) copyrights.add(l);
      }
    }
    if (entry.textIds.length === 0) addReferenceTexts(c, entry, texts);
    if (copyrights.size === 0) {
      // No license file read: a hoisted npm package's folder is still known by its name.
      if (folders.size === 0 && c.ecosystem === 'npm') folders.add(`node_modules/${c.name}`);
      const author = await authorOf(safeFs, folders, c.version);
      entry.notes.push(author ? `no copyright line in its license files; author: ${author}` : 'no copyright line or author was found in the package; check its source for the copyright holder');
    }
    entry.copyrights = [...copyrights];
    components.push(entry);
  }
  const ordered = [...texts.values()];
  return { project, components, texts: ordered };
}

/** The license files the scan read for a component, inside the checkout (not an SBOM pointer or a user cache). */
function licenseFilesOf(c: ReportComponent): { file: string; expression: string | null }[] {
  return (c.license.files ?? []).filter((f) => !f.file.includes('#') && !f.file.startsWith('~') && !path.isAbsolute(f.file));
}

function addReferenceTexts(c: ReportComponent, entry: NoticeComponent, texts: Map<string, NoticeText>): void {
  const ids = licenseIdsOf(c.license.expression);
  if (ids.length === 0) {
    entry.notes.push('no license text was found and the license is unknown');
    return;
  }
  for (const id of ids) {
    const known = referenceText(id);
    if (!known) {
      entry.notes.push(`no license text was found in the package, and license-risk holds no reference text for ${id}`);
      continue;
    }
    entry.textIds.push(addText(texts, { title: id, text: known.text, reference: true }));
    entry.notes.push(`no license text was found in the package; the SPDX reference text of ${id} is given`);
  }
}

/** Adds a text once (by its content with whitespace folded); returns its id. */
function addText(texts: Map<string, NoticeText>, t: Omit<NoticeText, 'id'>): string {
  const key = createHash('sha256').update(t.text.replace(/\s+/g, ' ').trim().toLowerCase()).digest('hex');
  const seen = texts.get(key);
  if (seen) return seen.id;
  const id = `L${texts.size + 1}`;
  texts.set(key, { id, ...t, text: t.text.replace(/^\s*\n/, '').trimEnd() });
  return id;
}

/** The copyright statements of a text, and the text without them (what many packages share). */
export function splitCopyright(text: string): { body: string; lines: string[] } {
  const lines: string[] = [];
  const body: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (COPYRIGHT_LINE.test(line) && !COPYRIGHT_PROSE.test(line) && !TEMPLATE_PLACEHOLDER.test(line) && /[A-Za-z0-9]/.test(line.replace(/^(copyright|\(c\)|©)/i, '')) && line.length < 400) {
      const clean = line.replace(/\s+/g, ' ');
      if (!lines.includes(clean)) lines.push(clean);
      continue;
    }
    body.push(raw.trimEnd());
  }
  return { body: body.join('\n').replace(/\n{3,}/g, '\n\n'), lines };
}

/** The package manifest's author, for a package whose license names no copyright holder. */
async function authorOf(safeFs: SafeFs, folders: Set<string>, version: string): Promise<string | undefined> {
  for (const folder of [...folders].sort(compareStrings)) {
    const manifest = folder === '.' ? 'package.json' : `${folder}/package.json`;
    if (!safeFs.exists(manifest)) continue;
    const read = await safeFs.readText(manifest);
    if (!read.ok) continue;
    const text = read.text;
    try {
      const parsed = JSON.parse(text) as { author?: unknown; version?: unknown };
      // Another version hoisted under the same name is not this package.
      if (version && typeof parsed.version === 'string' && parsed.version !== version) continue;
      const author = parsed.author;
      if (typeof author === 'string' && author.trim()) return author.trim().slice(0, 200);
      if (author && typeof author === 'object' && typeof (author as { name?: unknown }).name === 'string') return (author as { name: string }).name.slice(0, 200);
    } catch {
      // a broken manifest names no author
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// rendering

export type NoticeFormat = 'md' | 'txt' | 'html';
export const NOTICE_FORMATS: NoticeFormat[] = ['md', 'txt', 'html'];

export function renderNotice(doc: NoticeDocument, format: NoticeFormat): string {
  if (format === 'html') return renderHtml(doc);
  if (format === 'txt') return renderText(doc);
  return renderMarkdown(doc);
}

const INTRO = (doc: NoticeDocument) =>
  `${doc.project} includes the following third-party software (${doc.components.length} component${doc.components.length === 1 ? '' : 's'}), under the licenses below.`;

function renderMarkdown(doc: NoticeDocument): string {
  const out = [`# Third-party notices`, '', INTRO(doc), ''];
  for (const c of doc.components) {
    out.push(`## ${c.name}${c.version ? ` ${c.version}` : ''}`, '', `License: ${c.license}${c.textIds.length ? ` (text: ${c.textIds.join(', ')})` : ''}`, '');
    for (const line of c.copyrights) out.push(`    ${line}`);
    if (c.copyrights.length) out.push('');
    for (const n of c.notes) out.push(`_Note: ${n}._`, '');
    for (const n of c.notices) out.push(`NOTICE (${n.file}):`, '', ...indent(n.text), '');
  }
  out.push('# License texts', '');
  for (const t of doc.texts) {
    out.push(`## ${t.id}: ${t.title}${t.reference ? ' (SPDX reference text)' : ''}`, '', ...indent(t.text), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function indent(text: string): string[] {
  return text.split('\n').map((l) => (l ? `    ${l}` : ''));
}

function renderText(doc: NoticeDocument): string {
  const rule = '='.repeat(72);
  const out = ['THIRD-PARTY NOTICES', '', INTRO(doc), ''];
  for (const c of doc.components) {
    out.push(rule, `${c.name}${c.version ? ` ${c.version}` : ''}`, `License: ${c.license}${c.textIds.length ? ` (text: ${c.textIds.join(', ')})` : ''}`);
    out.push(...c.copyrights);
    for (const n of c.notes) out.push(`Note: ${n}.`);
    for (const n of c.notices) out.push('', `NOTICE (${n.file}):`, n.text);
    out.push('');
  }
  out.push(rule, 'LICENSE TEXTS', '');
  for (const t of doc.texts) out.push('-'.repeat(72), `${t.id}: ${t.title}${t.reference ? ' (SPDX reference text)' : ''}`, '', t.text, '');
  return `${out.join('\n').trimEnd()}\n`;
}

function renderHtml(doc: NoticeDocument): string {
  const e = escapeHtml;
  const out = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>Third-party notices</title>',
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;background:#f6f8fa;padding:.75rem;font-size:.85rem}</style>',
    '</head>',
    '<body>',
    '<h1>Third-party notices</h1>',
    `<p>${e(INTRO(doc))}</p>`,
  ];
  for (const c of doc.components) {
    const links = c.textIds.map((id) => `<a href="#${id}">${id}</a>`).join(', ');
    out.push(`<h2>${e(c.name)}${c.version ? ` ${e(c.version)}` : ''}</h2>`, `<p>License: ${e(c.license)}${links ? ` (text: ${links})` : ''}</p>`);
    if (c.copyrights.length) out.push(`<pre>${c.copyrights.map(e).join('\n')}</pre>`);
    for (const n of c.notes) out.push(`<p><em>Note: ${e(n)}.</em></p>`);
    for (const n of c.notices) out.push(`<p>NOTICE (${e(n.file)}):</p>`, `<pre>${e(n.text)}</pre>`);
  }
  out.push('<h1>License texts</h1>');
  for (const t of doc.texts) out.push(`<h2 id="${t.id}">${t.id}: ${e(t.title)}${t.reference ? ' (SPDX reference text)' : ''}</h2>`, `<pre>${e(t.text)}</pre>`);
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}
