// Resident tensors: data kept in wasm memory (upload(), or any op given a resident input). Each
// owns a malloc'd buffer that dispose() frees (a FinalizationRegistry frees it too when a tensor
// is garbage-collected undisposed). A resident belongs to the instance that made it.
import { typeError } from './errors.mjs';

// Resident tensors of every instance -> the owning instance's registry (to tell a foreign
// resident from something that is not a tensor at all).
const owners = new WeakMap();

export function createResidents(Module, heap) {
  const states = new WeakMap(); // this instance's residents -> { ptr }
  let bytes = 0;
  const registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry((held) => {
          bytes -= held.bytes;
          Module.freeTensor(held.ptr);
        })
      : null;

  const residents = {
    get bytes() {
      return bytes;
    },
    has: (x) => x !== null && typeof x === 'object' && states.has(x),
    isForeign: (x) => x !== null && typeof x === 'object' && owners.has(x) && owners.get(x) !== residents,
    pointer: (x) => states.get(x).ptr,

    // read(options) is given the options parser and `out` check by the context.
    make(shape, ptr, count, readOptions) {
      const state = { ptr };
      const held = { ptr, bytes: count * 4 };
      const t = {
        shape: shape.slice(),
        resident: true,
        size: count,
        get data() {
          throw new TypeError(
            'condense: this is a resident tensor (its data lives in wasm memory); call read() to get { shape, data }',
          );
        },
        read(options) {
          if (state.ptr === 0) throw typeError('read', 'tensor', 'was disposed', t);
          return { shape: t.shape.slice(), data: heap.take(state.ptr, count, readOptions(options, count)) };
        },
        dispose() {
          if (state.ptr === 0) return;
          Module.freeTensor(state.ptr);
          bytes -= held.bytes;
          if (registry) registry.unregister(t);
          state.ptr = 0;
        },
      };
      Object.freeze(t);
      states.set(t, state);
      owners.set(t, residents);
      bytes += held.bytes;
      if (registry) registry.register(t, held, t);
      return t;
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
