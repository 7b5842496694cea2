// The one place that touches heap views, and the op protocol of bindings/runtime/state.h:
// argument blocks written by name, the call header, results read by name. Memory growth replaces
// the ArrayBuffer, so views are never cached across a call that may allocate.

// A fresh Float32Array of `count` floats that the caller overwrites completely before anyone sees
// it. `new Float32Array(count)` zero-fills its memory, a whole extra pass over the result (about
// half the cost of handing back a 3.2 MB result: bench/README.md, "The near-parity cases"); in
// Node, Buffer.allocUnsafeSlow gives a fresh, unpooled ArrayBuffer of exactly count * 4 bytes
// without that pass. Small results keep `new` (cheaper to set up; nothing to save).
const unsafeBuffer =
  globalThis.process?.versions?.node !== undefined && typeof globalThis.Buffer?.allocUnsafeSlow === 'function'
    ? globalThis.Buffer
    : null;
const UNSAFE_MIN_FLOATS = 16384;

function freshFloats(count) {
  if (unsafeBuffer === null || count < UNSAFE_MIN_FLOATS) return new Float32Array(count);
  return new Float32Array(unsafeBuffer.allocUnsafeSlow(count * 4).buffer, 0, count);
}

function names(text) {
  return text.split(',').filter(Boolean);
}

// "name:arg,arg,...;..." -> Map(name -> { index: { arg: i }, length })
function parseOps(text) {
  const ops = new Map();
  for (const item of text.split(';').filter(Boolean)) {
    const [name, args] = item.split(':');
    const list = names(args);
    ops.set(name, { index: Object.fromEntries(list.map((n, i) => [n, i])), length: list.length });
  }
  return ops;
}

export function createHeap(Module) {
  const ops = parseOps(Module.opList());
  const argsBase = Module.argsAddress() / 8;
  const callBase = Module.callAddress() / 8;
  const resultBase = Module.resultAddress() / 8;
  const resultIndex = Object.fromEntries(names(Module.resultNames()).map((n, i) => [n, i]));
  const [dryRun, outAddress, outCapacity] = ['dryRun', 'outAddress', 'outCapacity'].map((n) =>
    names(Module.callNames()).indexOf(n),
  );

  const heap = {
    ops,
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
    setCall(dry, address, capacity) {
      const view = Module.HEAPF64;
      view[callBase + dryRun] = dry;
      view[callBase + outAddress] = address;
      view[callBase + outCapacity] = capacity;
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
    // A fresh Int32Array of the op's int32 side output.
    takeAux() {
      const ptr = heap.result('auxAddress');
      return Module.HEAP32.slice(ptr / 4, ptr / 4 + heap.result('auxCount'));
    },
    // A fresh Float32Array owned by JS (or the caller's `out`) holding `count` floats at ptr.
    take(ptr, count, out) {
      // new + set is measurably faster than slice() on a view of wasm memory in V8.
      const dst = out === undefined ? freshFloats(count) : out;
      heap.takeInto(ptr, count, dst, 0); // every float of dst: a fresh array never shows its previous contents
      return dst;
    },
    // A fresh Float32Array of count floats, for a caller that writes every one (takeInto).
    fresh: freshFloats,
    // Copies count floats at ptr into dst at offset.
    takeInto(ptr, count, dst, offset) {
      dst.set(Module.HEAPF32.subarray(ptr / 4, ptr / 4 + count), offset);
    },
    // A fresh Uint8ClampedArray (or the caller's `out`) holding `count` bytes at ptr.
    takeBytes(ptr, count, out) {
      const bytes = out === undefined ? new Uint8ClampedArray(count) : out;
      bytes.set(Module.HEAPU8.subarray(ptr, ptr + count));
      return bytes;
    },
    upload(floats, ptr) {
      Module.HEAPF32.set(floats, ptr / 4);
    },
    copyWithin(dst, src, count) {
      Module.HEAPF32.copyWithin(dst / 4, src / 4, src / 4 + count);
    },
  };
  return heap;
}
