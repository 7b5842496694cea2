// Resident tensors: data kept in wasm memory (upload(), or any op given a resident input). Each
// holds a reference to a malloc'd buffer; reshape() makes another tensor over the same buffer.
// dispose() drops the tensor's reference and the last one frees the buffer (a
// FinalizationRegistry drops it too when a tensor is garbage-collected undisposed, but only after
// a JS garbage collection, which does not see wasm memory). A resident belongs to the instance
// that made it. tidy(fn) scopes lifetimes: it disposes every resident made inside fn except those
// fn returns.
import { typeError } from './errors.mjs';

// Default of loadCondense({ warnResidentBytes }): one console warning per instance when live
// resident tensors hold more than this.
export const WARN_RESIDENT_BYTES = 256 * 1024 * 1024;

// Residents reachable from a tidy() result: the value itself, or inside arrays and plain objects.
function collect(value, has, found, seen = new Set()) {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  if (has(value)) {
    found.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, has, found, seen);
  } else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) {
    for (const v of Object.values(value)) collect(v, has, found, seen);
  }
  return found;
}

// Every instance's resident tensors are ResidentTensor objects (to tell a foreign resident from
// something that is not a tensor at all); each instance has its own subclass. A tensor's mutable
// state ({ ptr, buffer }: ptr 0 once disposed; buffer { ptr, bytes, refs } shared with its
// reshapes) sits under a non-enumerable symbol key. A class
// instead of a frozen object literal with a getter and two closures, and a property instead of
// two WeakMap entries: a resident costs ~0.5 µs to make instead of ~3 (Node 20, the
// FinalizationRegistry entry included), and every op on a resident input makes one.
const STATE = Symbol('condense.resident');

class ResidentTensor {}

// readOptions(options, count): read()'s options parser and `out` check (the context's).
export function createResidents(Module, heap, readOptions, { warnResidentBytes = WARN_RESIDENT_BYTES } = {}) {
  let bytes = 0; // in live buffers (a buffer shared by reshapes counts once)
  let live = 0; // resident tensors not yet disposed
  let warned = false;
  const scopes = []; // open tidy() scopes, innermost last: the residents made in each
  const registry =
    typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((state) => release(state)) : null;

  // Drops a tensor's reference to its buffer; the last reference frees it.
  function release(state) {
    if (state.ptr === 0) return;
    state.ptr = 0;
    live -= 1;
    const { buffer } = state;
    buffer.refs -= 1;
    if (buffer.refs > 0) return;
    Module.freeTensor(buffer.ptr);
    bytes -= buffer.bytes;
  }

  function warnIfLeaking() {
    if (warned || bytes <= warnResidentBytes) return;
    warned = true;
    console.warn(
      `condense: ${live} resident tensors hold ${bytes} bytes of wasm memory. Results of ops on resident ` +
        'tensors stay in wasm memory until dispose(): dispose those you no longer need, or run the loop body ' +
        'in cd.tidy(() => ...), which disposes everything made inside but what it returns. ' +
        '(Shown once; loadCondense({ warnResidentBytes }) sets the threshold.)',
    );
  }

  class Resident extends ResidentTensor {
    constructor(shape, count, state) {
      super();
      this.shape = shape.slice();
      this.resident = true;
      this.size = count;
      Object.defineProperty(this, STATE, { value: state });
      Object.freeze(this);
    }

    get data() {
      throw new TypeError(
        'condense: this is a resident tensor (its data lives in wasm memory); call read() to get { shape, data }',
      );
    }

    read(options) {
      const state = this[STATE];
      if (state.ptr === 0) throw typeError('read', 'tensor', 'was disposed', this);
      return { shape: this.shape.slice(), data: heap.take(state.ptr, this.size, readOptions(options, this.size)) };
    }

    dispose() {
      const state = this[STATE];
      if (state.ptr === 0) return;
      release(state);
      if (registry) registry.unregister(this);
    }
  }

  function track(shape, count, state) {
    const t = new Resident(shape, count, state);
    live += 1;
    if (registry) registry.register(t, state, t);
    if (scopes.length > 0) scopes[scopes.length - 1].add(t);
    return t;
  }

  const residents = {
    get bytes() {
      return bytes;
    },
    get count() {
      return live;
    },
    has: (x) => x instanceof Resident,
    isForeign: (x) => x instanceof ResidentTensor && !(x instanceof Resident),
    pointer: (x) => x[STATE].ptr,

    // A resident over a new buffer ptr of count floats (allocated by alloc()).
    make(shape, ptr, count) {
      const buffer = { ptr, bytes: count * 4, refs: 1 };
      bytes += buffer.bytes;
      const t = track(shape, count, { ptr, buffer });
      warnIfLeaking();
      return t;
    },

    // Another resident over x's buffer, in shape (same size; checked by the caller): no copy.
    // Either may be disposed first; the buffer lives until both are.
    view(x, shape) {
      const { buffer } = x[STATE];
      buffer.refs += 1;
      return track(shape, x.size, { ptr: buffer.ptr, buffer });
    },

    // Runs fn(); disposes the residents made inside it except those in its result (a resident,
    // or arrays / plain objects holding residents), which join the enclosing scope if any.
    tidy(fn) {
      if (typeof fn !== 'function') throw typeError('tidy', 'fn', 'must be a function', fn);
      const scope = new Set();
      scopes.push(scope);
      let result;
      let kept = new Set();
      try {
        result = fn();
        if (result !== null && typeof result?.then === 'function') {
          result.then(undefined, () => {}); // the caller gets this TypeError instead
          throw new TypeError(
            'tidy: fn returned a Promise; tidy scopes synchronous code only (await outside it, ' +
              'or tidy each synchronous step, or dispose() explicitly)',
          );
        }
        kept = collect(result, residents.has, kept);
      } finally {
        scopes.pop();
        for (const t of scope) if (!kept.has(t)) t.dispose();
        const outer = scopes[scopes.length - 1];
        if (outer) for (const t of kept) if (scope.has(t)) outer.add(t);
      }
      return result;
    },

    alloc(fn, count, name = 'the result') {
      const ptr = Module.allocTensor(count * 4);
      if (ptr === 0)
        throw new RangeError(`${fn}: ${name} (${count * 4} bytes) does not fit under the wasm memory ceiling`);
      return ptr;
    },

    free: (ptr) => Module.freeTensor(ptr),
  };
  return residents;
}
