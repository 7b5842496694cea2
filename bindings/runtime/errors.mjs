// Errors name the function, the parameter and the rule, and show the value that broke it.

export function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object') return v.constructor && v.constructor.name ? v.constructor.name : 'object';
  return typeof v;
}

export function typeError(fn, param, rule, value) {
  return new TypeError(`${fn}: ${param} ${rule} (got ${describe(value)})`);
}

export function rangeError(fn, param, rule, value) {
  return new RangeError(`${fn}: ${param} ${rule} (got ${describe(value)})`);
}
