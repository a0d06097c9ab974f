/**
 * Well-known commercial license URLs and package families (`data/licenses/commercial.json`):
 * the terms a vendor's license URL or package stands for when the package itself ships only a
 * link, a sentence or nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../paths';

export interface CommercialVendor {
  vendor: string;
  expression: string;
  urls: string[];
  packages: string[];
  source: string;
}

let vendors: CommercialVendor[] | undefined;

function loadVendors(): CommercialVendor[] {
  vendors ??= (
    JSON.parse(fs.readFileSync(path.join(packageRoot(), 'data', 'licenses', 'commercial.json'), 'utf8')) as { vendors: CommercialVendor[] }
  ).vendors;
  return vendors;
}

/** `https://www.Example.com/License/` → `example.com/license`. */
function urlKey(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/[).,;:'"\]>]+$/, '')
    .replace(/\/+$/, '');
}

/** The URLs written in a text (declared string, license file, README). */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(/\b(?:https?:\/\/|www\.)[^\s<>()"'`\]]+/gi)].map((m) => m[0]);
}

/** The vendor whose license URL one of `urls` is (a listed prefix, on a path boundary). */
export function vendorByUrl(urls: readonly string[]): CommercialVendor | undefined {
  const keys = urls.map(urlKey);
  return loadVendors().find((v) => v.urls.some((prefix) => keys.some((k) => k === prefix || k.startsWith(`${prefix}/`) || k.startsWith(`${prefix}.`))));
}

/** The vendor whose package family `name` belongs to. */
export function vendorByPackage(name: string): CommercialVendor | undefined {
  return loadVendors().find((v) =>
    v.packages.some((pattern) => {
      if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
      if (pattern.endsWith('-*')) return name.startsWith(pattern.slice(0, -1));
      return name === pattern;
    }),
  );
}
