// Type declarations for condense/lesson (bindings/lesson.mjs): the lesson pipeline
// Input -> Filter (conv2d 3x3) -> Detect (ReLU) -> Condense (pooling, N times) on the public API.
import type { Condense, ImageDataLike, Tensor } from './index.js';

/** 9 numbers row-major, 3 rows of 3, or a preset id / alias. */
export type LessonKernel = ArrayLike<number> | readonly (readonly number[])[] | string;

export interface LessonPreset {
  /** 'emboss', 'edge', 'bottom-sobel', ... */
  readonly id: string;
  /** A human-readable name. */
  readonly name: string;
  /** 9 numbers, row-major. */
  readonly kernel: readonly number[];
  /** Other names presetById accepts ('sobel-bottom', 'exercise'). */
  readonly aliases: readonly string[];
}

export interface LessonSettings {
  kernel: LessonKernel;
  /** Padding of the convolution (default 'valid'). */
  convPadding?: 'valid' | 'same';
  pool: {
    type: 'max' | 'avg';
    /** Window size (square). */
    size: number;
    /** Stride (default: size). */
    stride?: number;
    /** Default 'valid'. */
    padding?: 'valid' | 'same';
  };
  /** How many times to condense (default 1). */
  repeats?: number;
  /** [height, width] of the grayscale input when runLesson gets RGBA pixels (default: as is). */
  size?: [number, number] | null;
}

export interface LessonStep {
  stage: 'filter' | 'detect' | `condense-${number}`;
  /** The public API function that computes this stage. */
  fn: 'conv2d' | 'relu' | 'maxPool2d' | 'avgPool2d';
  /** Tensors after the stage's input (the filter for conv2d). */
  args: Tensor[];
  options: Record<string, unknown>;
}

export interface LessonTimings {
  /** Milliseconds; fromImageData is 0 when runLesson got a tensor. */
  fromImageData: number;
  conv2d: number;
  relu: number;
  /** One per condense step that ran. */
  pool: number[];
  /** With { fused: true }. */
  fused?: number;
}

export interface LessonRunOptions {
  /** A buffer for a step's output (reused between runs), or undefined for a fresh one. */
  out?: (step: LessonStep, inputs: Tensor[]) => Float32Array | undefined;
  /** 'throw' (default) rethrows the API's error; 'stop' skips the later stages and sets `failed`. */
  onError?: 'throw' | 'stop';
  /** Also run (and time) the one-pass convPool2d of the first condense step. */
  fused?: boolean;
}

export interface LessonResult {
  /** The grayscale input. */
  x: Tensor;
  filtered: Tensor | null;
  detected: Tensor | null;
  /** The condense steps that ran, in order. */
  condensed: Tensor[];
  /** Every computed map by stage name ('input', 'filter', 'detect', 'condense-1', ...). */
  maps: Record<string, Tensor>;
  timings: LessonTimings;
  /** With onError 'stop': the stage that failed and its error. */
  failed: { stage: string; error: Error } | null;
  /** With { fused: true }. */
  fused?: Tensor;
}

export declare const PRESETS: readonly LessonPreset[];
/** The preset with this id or alias (case-insensitive). */
export declare function presetById(id: string): LessonPreset | undefined;
/** The preset whose kernel equals these numbers. */
export declare function presetOfKernel(kernel: LessonKernel): LessonPreset | undefined;
/** The kernel as a conv2d filter, HWIO [3, 3, 1, 1]. */
export declare function kernelTensor(kernel: LessonKernel): Tensor;
/** The demo's defaults: emboss, 'valid' convolution, max pool 2x2 stride 2 'same', once. */
export declare const DEFAULT_SETTINGS: Readonly<LessonSettings>;
/** The pooling step's options for maxPool2d / avgPool2d. */
export declare function poolOptions(settings: LessonSettings): {
  poolSize: number;
  strides: number;
  padding: 'valid' | 'same';
};
/** The stages after the input, each one call of the public API. */
export declare function lessonSteps(settings: LessonSettings): LessonStep[];
/** Runs the lesson on a grayscale tensor or on RGBA pixels. */
export declare function runLesson(
  cd: Condense,
  image: Tensor | ImageDataLike,
  settings: LessonSettings,
  options?: LessonRunOptions,
): LessonResult;
/** convPool2d with ReLU: the first Condense map in one pass. */
export declare function runFused(cd: Condense, x: Tensor, settings: LessonSettings): Tensor;
