/**
 * Package-name globs for exceptions and rule options: `*` matches any run of characters except
 * `/` (so `@scope/*` is one scope), `**` matches anything, `?` one character. Case-sensitive,
 * because package names are.
 */
export function packageGlobToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const compiled = new Map<string, RegExp>();

/** Whether a package pattern is a glob; any other pattern matches only the name it is. */
export function isPackageGlob(glob: string): boolean {
  return glob.includes('*') || glob.includes('?');
}

export function matchesPackage(glob: string, name: string): boolean {
  if (typeof glob !== 'string' || typeof name !== 'string') return false;
  if (!isPackageGlob(glob)) return glob === name;
  let re = compiled.get(glob);
  if (!re) {
    re = packageGlobToRegExp(glob);
    compiled.set(glob, re);
  }
  return re.test(name);
}

export function matchesAnyPackage(globs: readonly string[] | undefined, name: string): boolean {
  return !!globs && globs.some((g) => matchesPackage(g, name));
}
