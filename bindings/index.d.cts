// Type declarations for condense's CommonJS entry (Node's require: index.cjs). The types
// themselves are in types.d.cts, shared with index.d.ts (import).
import type { Condense, LoadOptions } from './types.cjs';

export * from './types.cjs';

/** Loads and instantiates condense. */
export declare function loadCondense(options?: LoadOptions): Promise<Condense>;
/** Whether this engine supports WebAssembly SIMD. */
export declare function simdSupported(): boolean;
/** Whether the threaded build can run here (shared wasm memory; in a page, cross-origin isolation). */
export declare function threadsSupported(): boolean;
