// The JavaScript API over one instantiated Emscripten module: the op slices (bindings/ops/*.mjs)
// over the runtime (bindings/runtime/*.mjs), plus the instance's own functions: upload, memory,
// releaseMemory, outputShape. Shapes, padding and semantic validation are computed in C++.
import { SLICES } from './ops/index.mjs';
import { createContext } from './runtime/context.mjs';
import { typeError, rangeError } from './runtime/errors.mjs';

// Every op the JS wraps must be exported by the module, and every exported op wrapped.
function checkOps(ctx, Module, wrapped) {
  const missing = [...wrapped].filter((name) => !ctx.ops.has(name) || typeof Module[name] !== 'function');
  const unwrapped = [...ctx.ops.keys()].filter((name) => !wrapped.has(name));
  if (missing.length > 0 || unwrapped.length > 0) {
    throw new Error(
      `condense: the JS API and the wasm module disagree (missing in wasm: ${missing.join(', ') || 'none'}; ` +
        `not wrapped in JS: ${unwrapped.join(', ') || 'none'}); rebuild dist/ from the same checkout`,
    );
  }
}

export function createApi(Module, backend, options) {
  const ctx = createContext(Module, options);
  const api = { backend };
  const wrapped = new Set();
  for (const slice of SLICES) {
    Object.assign(api, slice.create(ctx));
    for (const name of slice.entries) wrapped.add(name);
  }
  checkOps(ctx, Module, wrapped);
  const shapeFunctions = [...wrapped].filter((name) => name !== 'toImageData');

  // Copies a tensor into wasm memory once. Ops on a resident tensor skip the copy in and return
  // resident tensors; read() copies one out, dispose() frees it.
  api.upload = (x) => ctx.upload(x);

  // x in another shape, sharing its data (a resident's wasm buffer, or the same Float32Array).
  api.reshape = (x, shape) => ctx.reshape(x, shape);

  // Runs fn and disposes every resident tensor made inside it except what it returns.
  api.tidy = (fn) => ctx.tidy(fn);

  // Bytes the module holds in reusable buffers (they grow to the largest request and stay), the
  // live resident tensors and their bytes, and the wasm memory size (which never shrinks).
  api.memory = () => ({
    reservedBytes: Module.reservedBytes(),
    residentBytes: ctx.residentBytes,
    residentTensors: ctx.residentCount,
    heapBytes: Module.HEAPU8.length,
  });

  // Frees the reusable buffers (the wasm memory itself cannot shrink).
  api.releaseMemory = () => Module.releaseMemory();

  // Threads the ops run on (1 in the single-thread builds, and after dispose()).
  Object.defineProperty(api, 'threads', { enumerable: true, get: () => Module.threadCount() });

  // Stops the threaded build's worker threads (the instance keeps working on one thread).
  api.dispose = () => options.dispose();

  // Diagnostic for the tests: a parallel loop over count items in which thread trapThread (when
  // >= 0) traps as a crash inside a kernel would; returns how many threads ran a chunk, or throws
  // the error.
  Object.defineProperty(api, 'checkThreads', {
    value: (count, trapThread = -1) => {
      const threads = Module.checkThreads(count, trapThread);
      if (threads < 0) throw new Error(`condense: ${Module.lastError()}`);
      return threads;
    },
  });

  // The shape op `name` would return for inputs of these shapes: a dry run of the op's own C++
  // (validation and planning, no data). shapes: one shape, or one per tensor argument.
  api.outputShape = (name, shapes, options) => {
    const fn = 'outputShape';
    if (typeof name !== 'string') throw typeError(fn, 'name', 'must be the name of a condense op', name);
    if (!shapeFunctions.includes(name)) {
      throw rangeError(fn, 'name', `must be one of ${shapeFunctions.join(', ')}`, name);
    }
    const arity = api[name].length - 1;
    const list = Array.isArray(shapes) && shapes.length > 0 && shapes.every(Array.isArray) ? shapes : [shapes];
    if (list.length !== arity || !list.every(Array.isArray)) {
      const rule = arity === 1 ? 'must be a shape (an array of integers)' : `must be an array of ${arity} shapes`;
      throw typeError(fn, 'shapes', `${rule} for ${name}`, shapes);
    }
    const result = ctx.withShapes((stand) => api[name](...list.map((s) => stand(s.slice())), options));
    return (result.shape ?? (result.values ?? result.dx).shape).slice();
  };

  return Object.freeze(api);
}
