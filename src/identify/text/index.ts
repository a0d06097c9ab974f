/**
 * License TEXT identification: what license(s) a LICENSE / COPYING / NOTICE-like file holds.
 * The pipeline is in `identify.ts`; each stage of its residual-prose reading has a module:
 * `pointers`, `spdx-lines`, `restrictions`, `gnu-grants`, `document`, then `combine`;
 * `readme-section` and `reading` (files on disk) are entry points beside `identifyText`.
 */
export { loadTemplateIndex } from './template-index';
export { ADDED_RESTRICTION_ID } from './combine';
export { identifyText } from './identify';
export { identifyReadmeLicenseSection } from './readme-section';
export { identifyFile } from './reading';
