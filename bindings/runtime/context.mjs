// The runtime every op module works through: the one place that touches heap views, the op
// protocol (argument blocks by name, results by name; bindings/runtime/state.h), resident tensors
// owned by this instance, tensor validation, and Status -> TypeError / RangeError.
import { describe, rangeError, typeError } from './errors.mjs';
import { checkOptions, isInt } from './options.mjs';

// Resident tensors of every instance -> the instance that made them (to tell a foreign resident
// from something that is not a tensor at all).
const residentOwner = new WeakMap();
// Shape-only stand-ins for tensors (outputShape()): { shape } with no data.
const shapeOnly = new WeakSet();

function parseEnums(text) {
  const enums = {};
  for (const item of text.split(',').filter(Boolean)) {
    const [path, value] = item.split('=');
    const [type, name] = path.split('.');
    (enums[type] ??= {})[name] = Number(value);
  }
  return enums;
}

function parseOps(text) {
  const ops = new Map();
  for (const item of text.split(';').filter(Boolean)) {
    const [name, args] = item.split(':');
    const names = args.split(',').filter(Boolean);
    ops.set(name, { index: Object.fromEntries(names.map((n, i) => [n, i])), length: names.length });
  }
  return ops;
}

export function createContext(Module) {
  const enums = parseEnums(Module.enums());
  const ops = parseOps(Module.opList());
  const argsBase = Module.argsAddress() / 8;
  const callBase = Module.callAddress() / 8;
  const resultBase = Module.resultAddress() / 8;
  const resultIndex = Object.fromEntries(Module.resultNames().split(',').filter(Boolean).map((n, i) => [n, i]));
  const callIndex = Object.fromEntries(Module.callNames().split(',').filter(Boolean).map((n, i) => [n, i]));
  const owner = {};  // this instance's identity for residentOwner
  const residents = new WeakMap();  // this instance's resident tensors -> { ptr }
  let residentBytes = 0;
  let shapeMode = false;
  const SLOT = { input: 0, filter: 1, bias: 2, aux: 4 };

  const heap = {
    u8: () => Module.HEAPU8,
    // Clears op `name`'s argument block and writes the parts ({ argName: value } objects).
    setArgs(name, parts) {
      const spec = ops.get(name);
      const view = Module.HEAPF64;
      view.fill(0, argsBase, argsBase + spec.length);
      for (const part of parts) {
        for (const key in part) {
          const i = spec.index[key];
          if (i === undefined) throw new Error(`condense internal error: op ${name} has no argument ${key}`);
          view[argsBase + i] = part[key];
        }
      }
    },
    setCall(dryRun, outAddress, outCapacity) {
      const view = Module.HEAPF64;
      view[callBase + callIndex.dryRun] = dryRun;
      view[callBase + callIndex.outAddress] = outAddress;
      view[callBase + callIndex.outCapacity] = outCapacity;
    },
    result(name) {
      return Module.HEAPF64[resultBase + resultIndex[name]];
    },
    // The output shape C++ recorded, in the caller's order.
    shape() {
      const rank = heap.result('rank');
      return ['d0', 'd1', 'd2', 'd3', 'd4'].slice(0, rank).map(heap.result);
    },
    // Copies a typed array into an input slot; RangeError naming the parameter when it cannot fit.
    put(fn, slot, array, name) {
      const ptr = Module.reserve(slot, array.byteLength);
      if (ptr === 0 && array.byteLength > 0) {
        throw new RangeError(`${fn}: ${name} (${array.byteLength} bytes) does not fit under the wasm memory ceiling`);
      }
      if (array instanceof Float32Array) Module.HEAPF32.set(array, ptr / 4);
      else if (array instanceof Int32Array) Module.HEAP32.set(array, ptr / 4);
      else Module.HEAPU8.set(array, ptr);
      return ptr;
    },
    // A fresh Int32Array of the side output (empty in a shape-only call).
    takeAux() {
      if (shapeMode) return new Int32Array(0);
      const ptr = heap.result('auxAddress');
      return Module.HEAP32.slice(ptr / 4, ptr / 4 + heap.result('auxCount'));
    },
    // A fresh Float32Array owned by JS (or the caller's `out`) holding `count` floats at ptr.
    take(ptr, count, out) {
      const src = Module.HEAPF32.subarray(ptr / 4, ptr / 4 + count);
      // new + set is measurably faster than slice() on a view of wasm memory in V8.
      const dst = out === undefined ? new Float32Array(count) : out;
      dst.set(src);
      return dst;
    },
    takeBytes(ptr, count) {
      const bytes = new Uint8ClampedArray(count);
      bytes.set(Module.HEAPU8.subarray(ptr, ptr + count));
      return bytes;
    },
  };

  // Resident tensors own a malloc'd buffer each; dispose() frees it (a FinalizationRegistry frees
  // it too if a tensor is garbage-collected undisposed).
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((held) => {
      residentBytes -= held.bytes;
      Module.freeTensor(held.ptr);
    })
    : null;

  function makeResident(shape, ptr, count) {
    const state = { ptr };
    const held = { ptr, bytes: count * 4 };
    const t = {
      shape: shape.slice(),
      resident: true,
      size: count,
      get data() {
        throw new TypeError('condense: this is a resident tensor (its data lives in wasm memory); call read() to get { shape, data }');
      },
      read(options) {
        const fn = 'read';
        if (state.ptr === 0) throw typeError(fn, 'tensor', 'was disposed', t);
        const o = ctx.options(fn, options, ['out']);
        return { shape: t.shape.slice(), data: heap.take(state.ptr, count, ctx.outArray(fn, o, count)) };
      },
      dispose() {
        if (state.ptr === 0) return;
        Module.freeTensor(state.ptr);
        residentBytes -= held.bytes;
        if (registry) registry.unregister(t);
        state.ptr = 0;
      },
    };
    Object.freeze(t);
    residents.set(t, state);
    residentOwner.set(t, owner);
    residentBytes += held.bytes;
    if (registry) registry.register(t, held, t);
    return t;
  }

  function allocResident(fn, count, name = 'the result') {
    const ptr = Module.allocTensor(count * 4);
    if (ptr === 0) throw new RangeError(`${fn}: ${name} (${count * 4} bytes) does not fit under the wasm memory ceiling`);
    return ptr;
  }

  function check(code) {
    if (code === 0) return;
    heap.setCall(0, 0, 0);
    const message = Module.lastError();
    throw code === enums.Status.typeError ? new TypeError(message) : new RangeError(message);
  }

  let plannedResident = 0;  // the buffer run() allocated for the op's result, until finish()

  const ctx = {
    enums,
    ops,
    heap,
    SLOT,
    get residentBytes() {
      return residentBytes;
    },
    get shapeMode() {
      return shapeMode;
    },
    // Runs fn with every tensor a shape-only stand-in: ops validate and plan, compute nothing.
    withShapes(fn) {
      shapeMode = true;
      try {
        return fn((shape) => {
          const t = { shape };
          shapeOnly.add(t);
          return t;
        });
      } finally {
        shapeMode = false;
      }
    },
    options: checkOptions,
    // A resident tensor of another instance is a TypeError naming the parameter.
    refuseForeign(fn, name, x) {
      if (x !== null && typeof x === 'object' && residentOwner.has(x) && residentOwner.get(x) !== owner) {
        throw new TypeError(`${fn}: ${name} is a resident tensor of another condense instance`);
      }
    },
    isResident(x) {
      return x !== null && typeof x === 'object' && residents.has(x);
    },
    // A tensor { shape, data: Float32Array } (or another typed array class), NHWC [n, h, w, c] or
    // [h, w, c] by default, or a resident tensor of this instance.
    tensor(fn, name, x, ranks = [3, 4], DataType = Float32Array) {
      if (ctx.isResident(x)) {
        if (residents.get(x).ptr === 0) throw typeError(fn, name, 'is a resident tensor that was disposed', x);
        if (!ranks.includes(x.shape.length)) {
          throw rangeError(fn, `${name}.shape`, `must have rank ${ranks.join(' or ')}`, x.shape);
        }
        return x;
      }
      ctx.refuseForeign(fn, name, x);
      if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) {
        throw typeError(fn, name, `must be a tensor { shape, data: ${DataType.name} }`, x);
      }
      const { shape, data } = x;
      const shapeOnlyTensor = shapeMode && shapeOnly.has(x);
      if (!Array.isArray(shape)) throw typeError(fn, `${name}.shape`, 'must be an array of integers', shape);
      if (!shapeOnlyTensor && !(data instanceof DataType)) {
        throw typeError(fn, `${name}.data`, `must be a ${DataType.name}`, data);
      }
      if (!ranks.includes(shape.length)) {
        const want = ranks.map((r) => ({ 1: '[n]', 2: '[h, w]', 3: '[h, w, c]', 4: '[n, h, w, c]', 5: '[n, d, h, w, c]' })[r]);
        throw rangeError(fn, `${name}.shape`, `must have rank ${ranks.join(' or ')} (${want.join(' or ')})`, shape);
      }
      let count = 1;
      for (const d of shape) {
        if (typeof d !== 'number') throw typeError(fn, `${name}.shape`, 'must be an array of integers', shape);
        if (!isInt(d, 1)) throw rangeError(fn, `${name}.shape`, 'entries must be positive integers', shape);
        count *= d;
      }
      if (!shapeOnlyTensor && count !== data.length) {
        throw rangeError(fn, `${name}.data.length`, `must equal the product of ${name}.shape ${describe(shape)} = ${count}`, data.length);
      }
      return x;
    },
    // The recorded output shape, without its batch dim when x has none (x's rank is batchless).
    shapeFor(x, batchless = 3) {
      const shape = heap.shape();
      return x.shape.length === batchless ? shape.slice(1) : shape;
    },
    size(x) {
      return ctx.isResident(x) ? x.size : x.shape.reduce((a, b) => a * b, 1);
    },
    // The wasm address of a tensor's data: a resident tensor's own buffer, or a copy in a slot
    // (0 for a shape-only stand-in).
    address(fn, slot, x, name) {
      if (ctx.isResident(x)) return residents.get(x).ptr;
      if (shapeMode && shapeOnly.has(x)) return 0;
      return heap.put(fn, slot, x.data, name);
    },
    checkOut(fn, x, o) {
      if (ctx.isResident(x) && o.out !== undefined) {
        throw typeError(fn, 'options.out', 'cannot be used with a resident input (its result stays resident)', o.out);
      }
    },
    outArray(fn, options, count) {
      const { out } = options;
      if (out === undefined) return undefined;
      if (!(out instanceof Float32Array)) throw typeError(fn, 'options.out', 'must be a Float32Array', out);
      if (out.length !== count) throw rangeError(fn, 'options.out.length', `must equal the output size ${count}`, out.length);
      return out;
    },
    // Calls op `name` with the given argument parts and addresses. A shape-only call is a dry run.
    // For a resident input x: a dry run sizes the result, then the op writes straight into a new
    // resident buffer.
    call(name, x, parts, a0 = 0, a1 = 0, a2 = 0) {
      plannedResident = 0;
      const entry = Module[name];
      if (shapeMode || (x !== undefined && ctx.isResident(x))) {
        heap.setArgs(name, parts);
        heap.setCall(1, 0, 0);
        const code = entry(a0, a1, a2);
        if (code !== enums.Status.planned) check(code === 0 ? -1 : code);
        if (shapeMode) return;
        const count = heap.result('count');
        const dst = allocResident(name, count);
        heap.setArgs(name, parts);
        heap.setCall(0, dst, count);
        try {
          check(entry(a0, a1, a2));
        } catch (error) {
          Module.freeTensor(dst);
          throw error;
        }
        plannedResident = dst;
        return;
      }
      heap.setArgs(name, parts);
      check(entry(a0, a1, a2));
    },
    // The op's output as { shape, data } (a copy, or the caller's `out`), or a resident tensor
    // when x is resident. shape: the result shape (default: as C++ recorded it).
    finish(fn, options, x, shape = heap.shape()) {
      if (shapeMode) return { shape };
      const ptr = heap.result('address');
      const count = heap.result('count');
      if (x !== undefined && ctx.isResident(x)) {
        if (plannedResident !== 0 && ptr === plannedResident) {
          plannedResident = 0;
          return makeResident(shape, ptr, count);
        }
        const dst = allocResident(fn, count);
        Module.HEAPF32.copyWithin(dst / 4, ptr / 4, ptr / 4 + count);
        return makeResident(shape, dst, count);
      }
      return { shape, data: heap.take(ptr, count, ctx.outArray(fn, options, count)) };
    },
    upload(x) {
      const fn = 'upload';
      ctx.tensor(fn, 'x', x, [1, 2, 3, 4, 5]);
      if (ctx.isResident(x)) return x;
      const ptr = allocResident(fn, x.data.length, 'x');
      Module.HEAPF32.set(x.data, ptr / 4);
      return makeResident(x.shape, ptr, x.data.length);
    },
    makeResident,
    allocResident,
    freeResident: (ptr) => Module.freeTensor(ptr),
    check,
  };
  return ctx;
}

