// The 'condense' tfjs backend: tfjs-backend-cpu's MathBackendCPU (tensor data in JS typed
// arrays, see the README's "TensorFlow.js backend" section for why) with a condense instance
// whose ops serve the heavy kernels, and per-kernel counters of which implementation ran.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export class CondenseBackend extends MathBackendCPU {
  // `counts` may be shared by the backends a registration creates (tfjs re-creates its backend
  // on engine reset), so counts survive that.
  constructor(condense, counts = { served: new Map(), inherited: new Map() }) {
    super();
    this.condense = condense;
    // MathBackendCPU's first write advises installing tfjs-node; this backend is the fast path.
    this.firstUse = false;
    this.counts = counts;
  }

  count(kind, kernelName) {
    const map = this.counts[kind];
    map.set(kernelName, (map.get(kernelName) ?? 0) + 1);
  }

  // Calls per kernel since the last reset: `served` ran condense's op, `inherited` handed a call
  // of a condense kernel to tfjs-backend-cpu's (int32 data, an activation condense lacks, ...).
  kernelCounts() {
    return { served: Object.fromEntries(this.counts.served), inherited: Object.fromEntries(this.counts.inherited) };
  }

  resetKernelCounts() {
    this.counts.served.clear();
    this.counts.inherited.clear();
  }
}
