/**
 * The parts of semver this tool uses, each loaded from its own module on first call:
 * `require('semver')` loads all 47 of its files, and most scans (a checkout without config
 * exceptions or relicensed packages) never compare a version at all.
 */
type Fn = (...args: never[]) => unknown;

function lazy<F extends Fn>(load: () => F): F {
  let fn: F | undefined;
  return ((...args: Parameters<F>) => (fn ??= load())(...args)) as F;
}

const semver = {
  valid: lazy(() => require('semver/functions/valid') as typeof import('semver/functions/valid')),
  coerce: lazy(() => require('semver/functions/coerce') as typeof import('semver/functions/coerce')),
  compare: lazy(() => require('semver/functions/compare') as typeof import('semver/functions/compare')),
  gt: lazy(() => require('semver/functions/gt') as typeof import('semver/functions/gt')),
  gte: lazy(() => require('semver/functions/gte') as typeof import('semver/functions/gte')),
  lte: lazy(() => require('semver/functions/lte') as typeof import('semver/functions/lte')),
  satisfies: lazy(() => require('semver/functions/satisfies') as typeof import('semver/functions/satisfies')),
  validRange: lazy(() => require('semver/ranges/valid') as typeof import('semver/ranges/valid')),
  intersects: lazy(() => require('semver/ranges/intersects') as typeof import('semver/ranges/intersects')),
};
export default semver;
