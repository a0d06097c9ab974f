/**
 * The one place that knows where license-risk lives on the web. Rule docs are stored as
 * relative paths (`rules/<id>/README.md`); reports that leave the machine (SARIF `helpUri`,
 * markdown links) need absolute URLs, made by joining against this base.
 */
export const REPOSITORY_URL = 'https://github.com/license-risk/license-risk';

/** Branch the rule docs are linked at. */
export const DOCS_REF = 'main';

/** Absolute URL of a repository-relative doc path; absolute URLs pass through unchanged. */
export function docUrl(relativeOrAbsolute: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(relativeOrAbsolute)) return relativeOrAbsolute;
  const clean = relativeOrAbsolute.replace(/^\.?\/+/, '');
  return `${REPOSITORY_URL}/blob/${DOCS_REF}/${clean}`;
}
