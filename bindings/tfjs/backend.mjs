// The 'condense' tfjs backend: tfjs-backend-cpu's MathBackendCPU (tensor data in JS typed arrays)
// whose float32 data may also live in wasm memory: condense's kernels keep their results resident
// (a resident tensor of the condense instance) and read the JS values only when a JS reader (an
// inherited cpu kernel, dataSync) asks for them, once. So a chain of condense kernels copies no
// data between them, and every other kernel sees plain typed arrays. The README's "TensorFlow.js
// backend" section has the measurements behind this. Also: per-kernel counters of which
// implementation ran.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

// A condense result's data: resident until `values` is first read, then both (the resident copy
// stays for later condense kernels until the tensor is disposed).
class ResidentData {
  constructor(resident) {
    this.resident = resident;
    this.dtype = 'float32';
    this.refCount = 1;
    this.cached = undefined;
  }

  get values() {
    this.cached ??= this.resident.read().data;
    return this.cached;
  }

  set values(values) {
    this.cached = values;
  }
}

export class CondenseBackend extends MathBackendCPU {
  // `counts` may be shared by the backends a registration creates (tfjs re-creates its backend
  // on engine reset), so counts survive that.
  constructor(condense, counts = { served: new Map(), fast: new Map(), inherited: new Map() }) {
    super();
    this.condense = condense;
    // MathBackendCPU's first write advises installing tfjs-node; this backend is the fast path.
    this.firstUse = false;
    this.counts = counts;
    this.residents = new Set();
    // false: every condense result is copied out into a JS array at once (wasm memory holds no
    // tensor data between kernels; it never shrinks once grown).
    this.residentResults = true;
  }

  // A TensorInfo for a resident condense result.
  makeResidentInfo(resident, shape) {
    const dataId = { id: this.nextDataId() };
    this.data.set(dataId, new ResidentData(resident));
    this.residents.add(resident);
    return { dataId, shape, dtype: 'float32' };
  }

  // Keeps a resident copy of a tensor's data (an input uploaded for a condense kernel) until the
  // tensor is disposed.
  keepResident(dataId, resident) {
    this.data.get(dataId).resident = resident;
    this.residents.add(resident);
  }

  // Keeps a condense reshape of the tensor's resident data (it shares the wasm buffer) for
  // kernels that take the tensor in another shape: Flatten's output is the pooled map's data as
  // [batch, features], so the Dense kernel gets a resident input and its results stay resident.
  // Returns the view.
  keepView(dataId, view) {
    const entry = this.data.get(dataId);
    (entry.views ??= new Map()).set(view.shape.join(','), view);
    this.residents.add(view);
    return view;
  }

  disposeData(dataId, force = false) {
    const entry = this.data.get(dataId);
    const disposed = super.disposeData(dataId, force);
    if (entry !== undefined && !this.data.has(dataId)) {
      for (const resident of [entry.resident, ...(entry.views?.values() ?? [])]) {
        if (resident === undefined) continue;
        resident.dispose();
        this.residents.delete(resident);
      }
    }
    return disposed;
  }

  dispose() {
    for (const resident of this.residents) resident.dispose();
    this.residents.clear();
    super.dispose();
  }

  count(kind, kernelName) {
    const map = this.counts[kind];
    map.set(kernelName, (map.get(kernelName) ?? 0) + 1);
  }

  // Calls per kernel since the last reset: `served` ran condense's op, `fast` this backend's own
  // typed-array loop (element-wise kernels condense has no op for), `inherited` handed a call of
  // a condense kernel to tfjs-backend-cpu's (int32 data, an activation condense lacks, ...).
  kernelCounts() {
    const { served, fast, inherited } = this.counts;
    return {
      served: Object.fromEntries(served),
      fast: Object.fromEntries(fast),
      inherited: Object.fromEntries(inherited),
    };
  }

  resetKernelCounts() {
    for (const map of Object.values(this.counts)) map.clear();
  }
}
