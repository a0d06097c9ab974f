/** The shapes the PyPI reader's parts hand to each other, and small helpers they share. */
import type { LicenseEvidence, Scope, SourceLocation } from '../../../types';
import { mapLicenseClassifiers } from './classifiers';
import type { Requirement } from './requirements';

/** A dependency named by one of the checkout's manifests. */
export interface Declaration {
  name: string;
  requested: string;
  pinned?: string;
  scope: Scope;
  location: SourceLocation;
  dir: string;
  rootLabel: string;
}

/** A package pinned by a lockfile. */
export interface Locked {
  name: string;
  version: string;
  scope?: Scope;
  location: SourceLocation;
  deps: string[];
  evidence: LicenseEvidence[];
}

export interface LockResult {
  dir: string;
  file: string;
  packages: Locked[];
  /** Names of the checkout's own packages inside the lock (uv lists them), to skip. */
  ownNames: Set<string>;
  /** Root-level dependency scopes the lock itself records (uv root package). */
  rootScopes: Map<string, Scope>;
}

export interface InstalledDist {
  name: string;
  version: string;
  evidence: LicenseEvidence[];
  metadataFile: string;
  distDir: string;
}

/** Extras and dependency groups that are for development, not for users. */
export const DEV_GROUP = /^(dev|develop|development|test|tests|testing|lint|linting|docs?|typing|mypy|style|format|ci|qa|check|coverage)$/i;
export const VENV_BOOTSTRAP = new Set(['pip', 'setuptools', 'wheel', 'distribute']);

export function declarationFrom(req: Requirement, scope: Scope, location: SourceLocation, dir: string, rootLabel: string): Declaration {
  const d: Declaration = { name: req.name, requested: req.specifier, scope, location, dir, rootLabel };
  if (req.pinned) d.pinned = req.pinned;
  return d;
}

export function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function pushClassifierEvidence(evidence: LicenseEvidence[], classifiers: string[], location: SourceLocation | undefined): void {
  const { spdx } = mapLicenseClassifiers(classifiers);
  if (spdx.length === 0) return;
  // Several license classifiers on one package mean the user may pick one of them.
  const value = spdx.length === 1 ? spdx[0] : spdx.join(' OR ');
  const e: LicenseEvidence = { kind: 'declared', field: 'classifiers', value };
  if (location) e.location = location;
  evidence.push(e);
}
