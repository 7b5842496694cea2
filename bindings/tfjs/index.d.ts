// Type declarations for condense/tfjs: the 'condense' TensorFlow.js backend.
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { Condense, LoadOptions } from '../types.cjs';

/**
 * Loads condense (loadCondense's options) and registers the 'condense' tfjs backend: every
 * tfjs-backend-cpu kernel, with condense's ops serving the heavy ones (condenseKernelNames).
 * Idempotent: later calls resolve to the first call's instance (a `simd` asking for the other
 * build rejects; the backend is registered again after `tf.removeBackend('condense')`). Then call
 * `await tf.setBackend('condense')`.
 */
export declare function registerCondenseBackend(options?: LoadOptions): Promise<Condense>;

/** The tfjs kernel names condense serves (float32 calls; the others use tfjs-backend-cpu's). */
export declare const condenseKernelNames: readonly string[];

/** Calls per kernel name since the last reset. */
export interface KernelCounts {
  /** Calls condense's op ran. */
  served: Record<string, number>;
  /** Calls this backend's own typed-array loop ran (Step, same-shape or scalar Multiply / Add / Sub: condense has no such op). */
  fast: Record<string, number>;
  /** Calls of a condense kernel handed to tfjs-backend-cpu's (int32 data, an activation condense lacks, ...). */
  inherited: Record<string, number>;
}

/** The backend class (`tf.backend()` while 'condense' is active). */
export declare class CondenseBackend extends MathBackendCPU {
  constructor(condense: Condense);
  /** The condense instance whose ops serve the kernels. */
  readonly condense: Condense;
  /** Calls per kernel, over every backend instance of this registration (tfjs re-creates it on engine reset). */
  kernelCounts(): KernelCounts;
  /**
   * true (default): condense's results stay in wasm memory until a JS reader (an inherited cpu
   * kernel, dataSync) needs them, so chains of condense kernels copy nothing. false: every result
   * is copied into a JS array at once (wasm memory, which never shrinks, holds no tensor data).
   */
  residentResults: boolean;
  resetKernelCounts(): void;
}
