'use strict';

/** Order-insensitive canonical form of an expression (leaves of one operator sorted). */
function canonical(parse, expression) {
  if (!expression) return null;
  const walk = (n) => {
    if (n.license) return n.license + (n.plus ? '+' : '') + (n.exception ? ` WITH ${n.exception}` : '');
    const op = n.conjunction.toUpperCase();
    const leaves = [];
    const collect = (x) => (!x.license && x.conjunction.toUpperCase() === op ? (collect(x.left), collect(x.right)) : leaves.push(walk(x)));
    collect(n);
    return `(${[...new Set(leaves)].sort().join(` ${op} `)})`;
  };
  try {
    return walk(parse(expression));
  } catch {
    return `invalid:${expression}`;
  }
}

module.exports = { canonical };
