// The runtime every op module works through (bindings/ops/*.mjs): the heap protocol, resident
// tensors owned by this instance, tensor and option checks, calls with dry runs for resident and
// shape-only inputs, and Status -> TypeError / RangeError.
import { typeError, rangeError } from './errors.mjs';
import { createHeap } from './heap.mjs';
import { checkOptions } from './options.mjs';
import { createResidents } from './residents.mjs';
import { checkTensor, resolveShape } from './tensors.mjs';

function parseEnums(text) {
  const enums = {};
  for (const item of text.split(',').filter(Boolean)) {
    const [path, value] = item.split('=');
    const [type, name] = path.split('.');
    (enums[type] ??= {})[name] = Number(value);
  }
  return enums;
}

// Stand-ins for tensors in outputShape(): { shape } without data.
const standIns = new WeakSet();

function outArray(fn, options, count) {
  const { out } = options;
  if (out === undefined) return undefined;
  if (!(out instanceof Float32Array)) throw typeError(fn, 'options.out', 'must be a Float32Array', out);
  if (out.length !== count)
    throw rangeError(fn, 'options.out.length', `must equal the output size ${count}`, out.length);
  return out;
}

// options: { warnResidentBytes } (loadCondense's option, see residents.mjs).
export function createContext(Module, options = {}) {
  const enums = parseEnums(Module.enums());
  const heap = createHeap(Module);
  const readOptions = (options, count) => outArray('read', checkOptions('read', options, ['out']), count);
  const residents = createResidents(Module, heap, readOptions, options);
  let shapeMode = false;
  let planned = 0; // the resident buffer call() allocated for the op's result, until finish()

  function check(code) {
    if (code === 0) return;
    heap.setCall(0, 0, 0);
    const message = Module.lastError();
    throw code === enums.Status.typeError ? new TypeError(message) : new RangeError(message);
  }

  const ctx = {
    enums,
    heap,
    ops: heap.ops,
    SLOT: { input: 0, filter: 1, bias: 2 },
    options: checkOptions,
    outArray,
    check,
    get residentBytes() {
      return residents.bytes;
    },
    get residentCount() {
      return residents.count;
    },
    tidy: (fn) => residents.tidy(fn),
    get shapeMode() {
      return shapeMode;
    },
    // Runs fn with shape-only stand-ins for tensors: ops validate and plan, and compute nothing.
    withShapes(fn) {
      shapeMode = true;
      try {
        return fn((shape) => {
          const t = { shape };
          standIns.add(t);
          return t;
        });
      } finally {
        shapeMode = false;
      }
    },
    isResident: (x) => residents.has(x),
    refuseForeign(fn, name, x) {
      if (residents.isForeign(x))
        throw new TypeError(`${fn}: ${name} is a resident tensor of another condense instance`);
    },
    // A tensor { shape, data: Float32Array } (NHWC [n, h, w, c] or [h, w, c] by default), or a
    // resident tensor of this instance.
    tensor(fn, name, x, ranks = [3, 4], DataType = Float32Array) {
      return checkTensor(residents, fn, name, x, ranks, DataType, shapeMode && standIns.has(x));
    },
    // The recorded output shape, without its batch dim when x has none (x's rank is batchless).
    shapeFor(x, batchless = 3) {
      const shape = heap.shape();
      return x.shape.length === batchless ? shape.slice(1) : shape;
    },
    size: (x) => (residents.has(x) ? x.size : x.shape.reduce((a, b) => a * b, 1)),
    // The wasm address of a tensor's data: a resident's own buffer, or a copy in an input slot
    // (0 for a stand-in).
    address(fn, slot, x, name) {
      if (residents.has(x)) return residents.pointer(x);
      if (shapeMode && standIns.has(x)) return 0;
      return heap.put(fn, slot, x.data, name);
    },
    checkOut(fn, x, o) {
      if (residents.has(x) && o.out !== undefined) {
        throw typeError(fn, 'options.out', 'cannot be used with a resident input (its result stays resident)', o.out);
      }
    },
    // Calls op `name`. In outputShape() and for a resident x, first a dry run that validates and
    // records the output shape; for a resident x the op then writes into a new resident buffer.
    call(name, x, parts, a0 = 0, a1 = 0, a2 = 0) {
      planned = 0;
      const entry = Module[name];
      heap.setArgs(name, parts);
      if (!shapeMode && !(x !== undefined && residents.has(x))) {
        check(entry(a0, a1, a2));
        return;
      }
      heap.setCall(1, 0, 0);
      const code = entry(a0, a1, a2);
      if (code !== enums.Status.planned) check(code === 0 ? -1 : code);
      if (shapeMode) return;
      const count = heap.result('count');
      const dst = residents.alloc(name, count);
      heap.setArgs(name, parts);
      heap.setCall(0, dst, count);
      try {
        check(entry(a0, a1, a2));
      } catch (error) {
        residents.free(dst);
        throw error;
      }
      planned = dst;
    },
    // The op's output: { shape, data } (a fresh array, or the caller's `out`), or a resident
    // tensor when x is resident (the buffer call() planned, or a copy of the output slot).
    finish(fn, options, x, shape) {
      if (shapeMode) return { shape };
      const ptr = heap.result('address');
      const count = heap.result('count');
      if (x !== undefined && residents.has(x)) {
        if (planned !== 0 && ptr === planned) {
          planned = 0;
          return residents.make(shape, ptr, count);
        }
        const dst = residents.alloc(fn, count);
        heap.copyWithin(dst, ptr, count);
        return residents.make(shape, dst, count);
      }
      return { shape, data: heap.take(ptr, count, outArray(fn, options, count)) };
    },
    takeAux: () => (shapeMode ? new Int32Array(0) : heap.takeAux()),
    upload(x) {
      const fn = 'upload';
      ctx.tensor(fn, 'x', x, [1, 2, 3, 4, 5]);
      if (residents.has(x)) return x;
      const count = x.data.length;
      const ptr = residents.alloc(fn, count, 'x');
      heap.upload(x.data, ptr);
      return residents.make(x.shape, ptr, count);
    },
    // x in another shape, sharing its data (a resident shares its wasm buffer, a tensor its
    // Float32Array): no copy, as tf.reshape.
    reshape(x, shape) {
      const fn = 'reshape';
      ctx.tensor(fn, 'x', x, [1, 2, 3, 4, 5]);
      const resolved = resolveShape(fn, shape, ctx.size(x));
      return residents.has(x) ? residents.view(x, resolved) : { shape: resolved, data: x.data };
    },
  };
  return ctx;
}
