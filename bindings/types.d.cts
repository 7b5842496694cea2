// Type declarations for condense: CNN feature extraction (convolution, ReLU, pooling) in
// WebAssembly SIMD with TF/Keras semantics by default. Every type is declared here, once,
// and shared by the ESM declarations (index.d.ts) and the CommonJS ones (index.d.cts).
// Only ES2022 lib types are used (no DOM, no @types/node).

/** A float32 tensor, NHWC: `[n, h, w, c]`, or `[h, w, c]` (treated as n = 1 and returned as rank 3). */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/**
 * What the functions accept where they take a plain tensor: any `{ shape, data }`, shapes
 * readonly too (`shape: [1, 4, 4, 1] as const`). Every Tensor is one.
 */
export interface TensorInput {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * A tensor whose data stays in wasm memory (from `upload()`, or any op given a resident input).
 * Ops accept it wherever they accept a Tensor and then return a resident result; no copies in
 * or out. `read()` copies it out; `dispose()` frees it (its buffer once no `reshape()` of it is
 * live; a FinalizationRegistry frees forgotten ones eventually). Its `data` property throws:
 * call `read()`.
 */
export interface ResidentTensor {
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly size: number;
  readonly resident: true;
  /** Copies the data out (into `out` if given). */
  read(options?: OutOption): Tensor;
  /**
   * Frees this tensor (its wasm buffer once no reshape of it is live); further use throws a
   * TypeError. Safe to call twice.
   */
  dispose(): void;
}

/** A number (same for height and width) or `[h, w]`. */
export type Pair = number | readonly [number, number];

/**
 * `'valid'` (no padding), `'same'` (TF/Keras/tfjs and ONNX SAME_UPPER: output ceil(n/s), an odd
 * extra pad goes at the end), `'same_lower'` (ONNX SAME_LOWER), a number (symmetric explicit
 * padding, as PyTorch's `padding=p`), `[ph, pw]` (PyTorch's tuple: ph above and below, pw left
 * and right), `[[top, bottom], [left, right]]`, or TF's
 * `[[0, 0], [top, bottom], [left, right], [0, 0]]`. Case-insensitive.
 */
export type Padding =
  | 'valid'
  | 'same'
  | 'same_lower'
  | 'VALID'
  | 'SAME'
  | 'SAME_UPPER'
  | 'SAME_LOWER'
  | number
  | readonly [number, number]
  | readonly [readonly [number, number], readonly [number, number]]
  | readonly [readonly [0, 0], readonly [number, number], readonly [number, number], readonly [0, 0]];

export interface OutOption {
  /** Write the result into this array (its length must equal the output size) instead of a new one. */
  out?: Float32Array;
}

/**
 * Where the channels are. `'NHWC'` (default, TF/Keras): `[n, h, w, c]`; `'NCHW'` (PyTorch/ONNX):
 * `[n, c, h, w]` (rank 3: `[c, h, w]`). Results come back in the same layout. Keras's
 * `'channels_last'` / `'channels_first'` are accepted too. condense transposes channels-first
 * tensors in C++ around its channels-last kernels (a copy in, a copy out).
 */
export interface LayoutOption {
  layout?: 'NHWC' | 'NCHW' | 'channels_last' | 'channels_first';
}

export interface Conv2dOptions extends OutOption, LayoutOption {
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid' (Keras). Padded cells are zeros. */
  padding?: Padding;
  /** Default 1. */
  dilations?: Pair;
  /** One value per output channel. */
  bias?: Float32Array | readonly number[] | TensorInput | ResidentTensor;
  /** Fused activation. Default 'linear'. */
  activation?: 'linear' | 'relu' | 'relu6';
  /**
   * `'HWIO'` `[kh, kw, in, out]` (TF; depthwise `[kh, kw, C, M]`) or `'OIHW'` `[out, in, kh, kw]`
   * (PyTorch/ONNX; depthwise `[C*M, 1, kh, kw]`). Default: 'HWIO' for NHWC, 'OIHW' for NCHW.
   */
  filterLayout?: 'HWIO' | 'OIHW';
  /**
   * How the padded border is filled (PyTorch's padding_mode, F.pad's modes): 'zeros' (default),
   * 'reflect' (mirror without the edge; pad < input size), 'replicate' (repeat the edge) or
   * 'circular' (wrap around; pad <= input size).
   */
  padMode?: 'zeros' | 'reflect' | 'replicate' | 'circular';
}

/** conv2d's groups (torch.nn.Conv2d groups, keras Conv2D(groups), ONNX Conv group). */
export interface GroupsOption {
  /**
   * Input and output channels split into this many groups (a divisor of both); filter HWIO
   * `[kh, kw, C / groups, outC]` or OIHW `[outC, C / groups, kh, kw]`. groups = C is depthwise.
   * Default 1.
   */
  groups?: number;
}

/** depthwiseConv2dGradInput options (filter `[kh, kw, C, M]`, OIHW `[C*M, 1, kh, kw]`). */
export interface DepthwiseConv2dGradInputOptions extends OutOption, LayoutOption {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
  filterLayout?: 'HWIO' | 'OIHW';
}

/** depthwiseConv2dGradFilter options: filterShape `[kh, kw, C, M]` (OIHW `[C*M, 1, kh, kw]`). */
export interface DepthwiseConv2dGradFilterOptions extends OutOption, LayoutOption {
  filterShape: readonly number[];
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
  filterLayout?: 'HWIO' | 'OIHW';
}

export interface Pool2dOptions extends OutOption, LayoutOption {
  /** Default 2 (Keras). */
  poolSize?: Pair;
  /** Default: poolSize (Keras). */
  strides?: Pair;
  /** Default 'valid'. Padded cells are ignored (TF/Keras): never part of a max or an average. */
  padding?: Padding;
  /** Default 1. */
  dilations?: Pair;
  /** PyTorch/ONNX ceil_mode: the last partial window counts if it starts inside the input or left padding. Default false. */
  ceilMode?: boolean;
}

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Average: the divisor counts padded cells (PyTorch's default; TF/Keras/ONNX: false). Default false. */
  countIncludePad?: boolean;
  /** Average: a fixed divisor instead of the window's cell count (PyTorch). */
  divisorOverride?: number;
}

export interface PoolOptions extends OutOption, LayoutOption {
  /** Window [h, w] (required), as tf.nn.pool's window_shape. */
  windowShape: Pair;
  /** Default 'MAX'. */
  poolingType?: 'MAX' | 'AVG' | 'max' | 'avg';
  /** Default 1 (tf.nn.pool). */
  strides?: Pair;
  /** Default 'VALID'. */
  padding?: Padding;
  /** Default 1. */
  dilations?: Pair;
}

export interface GlobalPoolOptions extends OutOption, LayoutOption {
  /** false: `[n, c]` (or `[c]` for a rank-3 input); true: `[n, 1, 1, c]` (NCHW: `[n, c, 1, 1]`). Default false. */
  keepDims?: boolean;
}

export interface ConvPool2dOptions extends Conv2dOptions {
  /** Default 'relu' for the fused pipeline. */
  activation?: 'linear' | 'relu' | 'relu6';
  /** The pooling step. Default: max, 2x2, stride 2, 'valid'. */
  pool?: AvgPool2dOptions & { type?: 'max' | 'avg' };
}

export interface ClampOptions extends OutOption {
  /** Default -Infinity. */
  min?: number;
  /** Default +Infinity. */
  max?: number;
}

export interface StepOptions extends OutOption {
  /** The value where x <= 0 (x = NaN gives NaN). Default 0 (tf.step). */
  alpha?: number;
}

export interface ChannelSumOptions extends OutOption {
  /** Keep the summed axes as 1s: [1, ..., 1, c] instead of [c]. Default false. */
  keepDims?: boolean;
}

export interface LeakyReluOptions extends OutOption {
  /** Slope for negative inputs. Default 0.2 (tf.nn.leaky_relu). */
  alpha?: number;
}

/**
 * Where the channels are for the per-channel ops (prelu, preluGrad, batchNorm), for a tensor of
 * any rank 1..5. Channels last (default): the last axis (`'NWC'` for rank 2-3, `'NHWC'` for rank
 * 4, `'NDHWC'` for rank 5). Channels first: axis 1, the batch axis 0 (`'NCW'` for rank 2-3,
 * `'NCHW'` for rank 4, `'NCDHW'` for rank 5; rank >= 2). The name must match the rank; Keras's
 * `'channels_last'` / `'channels_first'` work for every rank. Case-insensitive.
 */
export type ChannelLayout = 'NWC' | 'NCW' | 'NHWC' | 'NCHW' | 'NDHWC' | 'NCDHW' | 'channels_last' | 'channels_first';

/**
 * One float per channel (or, where allowed, one for all): a Float32Array, an array of numbers, a
 * tensor (its `data` is used, whatever its shape), a resident tensor of this instance (read back),
 * or a number (a one-value array).
 */
export type ChannelValues = Float32Array | readonly number[] | number | TensorInput | ResidentTensor;

/**
 * matMul's options: y = activation(op(a)·op(b) + bias), op = transpose or not (tf.linalg.matmul's
 * transpose_a / transpose_b, ONNX Gemm's transA / transB). Every output is the float32 sum from +0
 * over k in order, then + bias, then the activation (bit-identical on both builds).
 */
export interface MatMulOptions extends OutOption {
  /** Read a's last two dims swapped ([k, m] / [batch, k, m]). Default false. */
  transposeA?: boolean;
  /** Read b's last two dims swapped ([n, k] / [batch, n, k]). Default false. */
  transposeB?: boolean;
  /** n values added to every output row after the product (TF _FusedMatMul, Keras Dense). */
  bias?: Float32Array | readonly number[] | TensorInput | ResidentTensor;
  /** Fused activation after the bias. Default 'linear'. */
  activation?: 'linear' | 'relu' | 'relu6';
}

/** dense's options (Keras Dense; with transposeB, PyTorch nn.Linear's [out, in] weight). */
export interface DenseOptions extends OutOption {
  /** outFeatures values added after the product. */
  bias?: Float32Array | readonly number[] | TensorInput | ResidentTensor;
  /** Fused activation after the bias. Default 'linear'. */
  activation?: 'linear' | 'relu' | 'relu6';
  /** The kernel is [outFeatures, inFeatures] (nn.Linear's weight). Default false. */
  transposeB?: boolean;
}

export interface PreluOptions extends OutOption {
  /** Where the channels are (which axis `alpha` indexes). Default channels last. */
  layout?: ChannelLayout;
}

/** preluGrad's result: dx in dy's shape and layout; dalpha with one value per slope. */
export interface PreluGradResult {
  /** dL/dx: x > 0 ? dy : alpha[c] * dy. */
  dx: Tensor;
  /** dL/dalpha, shape `[alpha.length]`: per slope, the sum of dy * x over its elements with x <= 0 (or NaN); a NaN sum is the positive quiet NaN. Always a plain tensor. */
  dalpha: Tensor;
}

/**
 * Inference batch normalisation (Keras BatchNormalization with training=False,
 * tf.nn.batch_normalization): per channel, in float32,
 * `inv = 1 / sqrt(variance + epsilon) * scale`, `y = x * inv + (offset - mean * inv)`.
 */
export interface BatchNormOptions extends OutOption {
  /** The moving mean (PyTorch running_mean), one value per channel. Required. */
  mean: ChannelValues;
  /** The moving variance (PyTorch running_var), one value per channel. Required. */
  variance: ChannelValues;
  /** gamma (PyTorch weight), one value per channel. Default: none (1). */
  scale?: ChannelValues;
  /** beta (PyTorch bias), one value per channel. Default: none (0; y is then x * inv - mean * inv). */
  offset?: ChannelValues;
  /** Added to the variance: a finite number >= 0 (as float32). Default 0.001 (Keras; PyTorch's eps is 1e-5). */
  epsilon?: number;
  /** Where the channels are. Default channels last. */
  layout?: ChannelLayout;
}

export interface ImageDataLike {
  /** 8-bit samples, row by row: RGBA (an ImageData), RGB or gray. */
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Samples a pixel: 1 (gray), 3 (RGB) or 4 (RGBA). Default: data.length / (width * height). */
  readonly channels?: 1 | 3 | 4;
}

export interface FromImageDataOptions {
  /** 1: grayscale with tf.image.rgb_to_grayscale's weights; 3: RGB; 4: RGBA. Default 1. */
  channels?: 1 | 3 | 4;
  /** Resize to [h, w] (bilinear, as tf.image.resize's default). Default: keep the size. */
  size?: Pair;
}

export interface ToImageDataOptions {
  /** Default 'magma' (the lesson's colormap). */
  colormap?: 'magma' | 'viridis' | 'gray';
  /** Value mapped to the first colour. Default: the map's finite minimum (matplotlib imshow). */
  vmin?: number;
  /** Value mapped to the last colour. Default: the map's finite maximum. */
  vmax?: number;
  /**
   * Draw every channel of an `[h, w, c]` map, side by side: `columns` a row (default
   * ceil(sqrt(c))), `gap` transparent pixels apart (default 1), on one scale.
   */
  grid?: boolean | { readonly columns?: number; readonly gap?: number };
  /**
   * The drawn size, `[height, width]` (or one number for both), at most the map's size (default:
   * the map's). Each drawn pixel shows the MAX of the block of the map it covers (rows
   * [floor(i*h/height), floor((i+1)*h/height)), columns alike), so thin bright features never fade; a block holding NaN (or,
   * with `infinite: 'bad'`, an infinity) is drawn bad. The colour scale is the whole map's.
   */
  size?: number | readonly [number, number];
  /** The colour of bad values, `[r, g, b, a]` bytes. Default `[0, 0, 0, 0]` (matplotlib's: transparent). */
  bad?: readonly [number, number, number, number];
  /** 'clip' (default, matplotlib): ±Infinity take the colour map's ends; 'bad': drawn in the bad colour. */
  infinite?: 'clip' | 'bad';
  /**
   * An ImageData (or `{ data: Uint8ClampedArray, width, height }`) of the drawn size to colour
   * into; it is returned (with `vmin`, `vmax`, `stats`). Not with `grid`.
   */
  out?: { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number };
}

/** What a map holds, from toImageData's pass over all of it. */
export interface MapStats {
  /** Values in the map (height * width). */
  count: number;
  /** Values exactly 0 (either sign). */
  zeros: number;
  /** Values > 0 (+Infinity included): ReLU's "active" values. */
  positive: number;
  nan: number;
  posInf: number;
  negInf: number;
  /** The finite range (NaN when no value is finite). */
  min: number;
  max: number;
}

/** RGBA pixels (an ImageData where the environment has one) and the scale that was used. */
export interface ColoredImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  vmin: number;
  vmax: number;
  /** What the whole map holds (counts and finite range). */
  stats: MapStats;
  /** With the `grid` option: where channel k is (x = (k % columns) * (width + gap), ...). */
  grid?: { columns: number; rows: number; width: number; height: number; gap: number };
}

// ---- the pooling family -----------------------------------------------------------------------

/** Argmax indices: int32, one per pooled value, shaped like the values. */
export interface IndexTensor {
  shape: number[];
  data: Int32Array;
}

/**
 * Where an index points (H, W, C: the unpooled input's sizes):
 * `'tf'` `(y*W + x)*C + c` within the image (tf.nn.max_pool_with_argmax), or with
 * `includeBatchInIndex` `((b*H + y)*W + x)*C + c`; `'torch'` `y*W + x` within the channel plane
 * (PyTorch `return_indices`, `MaxUnpool2d`); `'onnx'` `((b*C + c)*H + y)*W + x` (ONNX MaxPool
 * `Indices`, MaxUnpool).
 */
export type IndexConvention = 'tf' | 'torch' | 'onnx';

export interface IndexOptions {
  /** Default 'tf' for NHWC, 'torch' for NCHW. */
  indexConvention?: IndexConvention;
  /** 'tf' only: count the batch into the index (tf's include_batch_in_index). Default false. */
  includeBatchInIndex?: boolean;
}

export interface MaxPool2dWithArgmaxOptions extends Pool2dOptions, IndexOptions {}

export interface MaxUnpool2dOptions extends OutOption, LayoutOption, IndexOptions {
  /** The unpooled [h, w] (PyTorch output_size). Default: from poolSize, strides and padding. */
  outputSize?: Pair;
  /** The unpooled tensor's whole shape in the layout's order (only its height and width are used). */
  outputShape?: readonly number[];
  /** With strides and padding, gives the size `(in - 1)*stride - padBefore - padAfter + poolSize`. Default 2. */
  poolSize?: Pair;
  /** Default: poolSize. */
  strides?: Pair;
  /** A number or [[top, bottom], [left, right]]; 'same' cannot determine the size (pass outputSize). Default 0. */
  padding?: Padding;
}

export interface AdaptivePool2dOptions extends OutOption, LayoutOption {
  /** Output [h, w] (required); `null` keeps that input size (PyTorch's None). */
  outputSize: number | readonly [number | null, number | null];
}

export interface LpPool2dOptions extends Pool2dOptions {
  /** The power p > 0; Infinity is the maximum of f(x). Default 2. */
  p?: number;
  /**
   * `'torch'` (default, PyTorch LPPool2d): `(sum x^p)^(1/p)` of x itself, so an odd p lets
   * negative cells subtract and a negative sum's root is NaN; a ceil-mode partial window's sum is
   * scaled by window cells / cells inside the input, as PyTorch's avg_pool2d-based definition
   * does. `'onnx'` (ONNX LpPool): `(sum |x|^p)^(1/p)`, the p-norm.
   */
  convention?: 'torch' | 'onnx';
}

export interface StochasticPool2dOptions extends Pool2dOptions {
  /**
   * true: sample one cell per window with probability max(x, 0) / sum(max(x, 0)); false
   * (default): the probability-weighted average sum(p_i x_i) = sum(x^2) / sum(x) over positive
   * cells. A window with no positive cell gives 0.
   */
  training?: boolean;
  /**
   * Seed of the SplitMix64 generator: one uniform draw per output element in NHWC order, so a
   * seed gives the same samples in either layout and build. Default 0.
   */
  seed?: number;
}

export interface FractionalMaxPool2dOptions extends OutOption, LayoutOption {
  /** >= 1: a number, [h, w], or TF's [1, h, w, 1]. Output size floor(in / ratio). Required unless both sequences are given. */
  poolingRatio?: number | readonly [number, number] | readonly [1, number, number, 1];
  /** Graham's pseudo-random sequence (ceil(alpha*(i + u))); false: a shuffled mix of K and K+1 gaps. Default false. */
  pseudoRandom?: boolean;
  /** Windows also include the next boundary row / column. Default false. */
  overlapping?: boolean;
  /** Seed of the SplitMix64 generator (rows drawn first, then columns). Default 0. */
  seed?: number;
  /** Pooling boundaries to use instead of drawing them (e.g. TF's row_pooling_sequence), 0 <= a[0] < ... <= h. */
  rowPoolingSequence?: Int32Array | readonly number[];
  /** As rowPoolingSequence, for the columns. */
  colPoolingSequence?: Int32Array | readonly number[];
}

export interface FractionalMaxPool2dResult {
  values: Tensor;
  /** out_h + 1 boundaries from 0 to h. */
  rowPoolingSequence: Int32Array;
  /** out_w + 1 boundaries from 0 to w. */
  colPoolingSequence: Int32Array;
}

/** 1-D padding: 'valid' | 'same' | 'same_lower' | a number | [left, right]. */
export type Padding1d =
  'valid' | 'same' | 'same_lower' | 'VALID' | 'SAME' | 'SAME_LOWER' | number | readonly [number, number];

export interface Pool1dOptions extends OutOption {
  /** A number or [w]. Default 2. */
  poolSize?: number | readonly [number];
  /** Default: poolSize. */
  strides?: number | readonly [number];
  padding?: Padding1d;
  dilations?: number | readonly [number];
  ceilMode?: boolean;
  /** Average only. */
  countIncludePad?: boolean;
  /** Average only. */
  divisorOverride?: number;
  /** 'NWC' (default) `[n, w, c]` or 'NCW' `[n, c, w]` (rank 2: `[w, c]` / `[c, w]`). */
  layout?: 'NWC' | 'NCW' | 'channels_last' | 'channels_first';
}

export type Triple = number | readonly [number, number, number];

export interface Pool3dOptions extends OutOption {
  /** A number or [d, h, w]. Default 2. */
  poolSize?: Triple;
  /** Default: poolSize. */
  strides?: Triple;
  /** 'valid' | 'same' | 'same_lower' | a number | [[front, back], [top, bottom], [left, right]] (or TF's 5-entry form). */
  padding?: Padding | readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
  dilations?: Triple;
  ceilMode?: boolean;
  /** Average only. */
  countIncludePad?: boolean;
  /** Average only. */
  divisorOverride?: number;
  /** 'NDHWC' (default) `[n, d, h, w, c]` or 'NCDHW' `[n, c, d, h, w]` (rank 4: without n). */
  layout?: 'NDHWC' | 'NCDHW' | 'channels_last' | 'channels_first';
}

export interface AvgPool1dGradOptions extends Pool1dOptions {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
}

export interface AvgPool3dGradOptions extends Pool3dOptions {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
}

export interface AvgPool2dGradOptions extends AvgPool2dOptions {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
}

export interface Conv2dGradInputOptions extends OutOption, LayoutOption, GroupsOption {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
  /** The filter's layout; default 'HWIO' for NHWC, 'OIHW' for NCHW. */
  filterLayout?: 'HWIO' | 'OIHW';
}

export interface Conv2dGradFilterOptions extends OutOption, LayoutOption, GroupsOption {
  /** The filter's shape in filterLayout (the gradient comes back in it). Required. */
  filterShape: readonly number[];
  strides?: Pair;
  padding?: Padding;
  dilations?: Pair;
  /** Default 'HWIO' for NHWC, 'OIHW' for NCHW. */
  filterLayout?: 'HWIO' | 'OIHW';
}

/**
 * conv2dTranspose's options. Output size per axis (nat = (in - 1) * stride + (k - 1) * dilation + 1):
 * 'valid': Keras `in * stride + max(k - stride, 0)`, or `nat + outputPadding`; 'same' /
 * 'same_lower': `in * stride`, or Keras's `nat - 2 * floor(k / 2) + outputPadding`, padded as
 * tf.nn.conv2d_transpose (total max(0, nat - out), the odd cell at the end / beginning);
 * explicit padding (number, PyTorch's `[ph, pw]`, `[[t, b], [l, r]]`, ONNX pads): `nat - pads +
 * outputPadding`. outputShape sets the size instead (PyTorch output_size, ONNX output_shape, TF
 * output_shape). float32 only.
 */
export interface Conv2dTransposeOptions extends OutOption, LayoutOption {
  /** Default 1. */
  strides?: Pair;
  /** Default 'valid' (Keras). `[ph, pw]` is PyTorch's symmetric per-axis padding. */
  padding?: Padding | readonly [number, number];
  /** Extra cells at the end of each axis; each must be < its stride or < its dilation. */
  outputPadding?: Pair;
  /** `[h, w]`, or the full 4-D output shape in the layout's order (TF's output_shape). */
  outputShape?: readonly [number, number] | readonly [number, number, number, number];
  /** Default 1. */
  dilations?: Pair;
  /** Channel groups (PyTorch / ONNX `groups`); must divide the input channels. Default 1. */
  groups?: number;
  /** One value per output channel. */
  bias?: Float32Array | readonly number[] | TensorInput | ResidentTensor;
  /** Fused activation. Default 'linear'. */
  activation?: 'linear' | 'relu' | 'relu6';
  /**
   * `'HWOI'` `[kh, kw, out / groups, in]` (TF conv2d_transpose, Keras Conv2DTranspose's kernel) or
   * `'IOHW'` `[in, out / groups, kh, kw]` (PyTorch ConvTranspose2d, ONNX ConvTranspose). Default:
   * 'HWOI' for NHWC, 'IOHW' for NCHW.
   */
  filterLayout?: 'HWOI' | 'IOHW';
}

/** conv1d (tf.nn.conv1d, Keras Conv1D, torch.nn.Conv1d, ONNX Conv on [N, C, W]). */
export interface Conv1dOptions extends OutOption {
  /** A number or [w]. Default 1. */
  strides?: number | readonly [number];
  /** Default 'valid'. Padded cells are zeros. */
  padding?:
    | Padding1d
    | readonly [readonly [number, number]]
    | readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
  /** A number or [w]. Default 1. */
  dilations?: number | readonly [number];
  /** One value per output channel. */
  bias?: Float32Array | readonly number[] | TensorInput | ResidentTensor;
  /** Fused activation. Default 'linear'. */
  activation?: 'linear' | 'relu' | 'relu6';
  /** 'NWC' (default) `[n, w, c]` or 'NCW' `[n, c, w]` (rank 2: `[w, c]` / `[c, w]`). */
  layout?: 'NWC' | 'NCW' | 'channels_last' | 'channels_first';
  /** `'WIO'` `[kw, in, out]` (TF/Keras) or `'OIW'` `[out, in, kw]` (PyTorch/ONNX). Default: 'WIO' for NWC, 'OIW' for NCW. */
  filterLayout?: 'WIO' | 'OIW';
}

export interface Conv1dGradInputOptions extends Omit<Conv1dOptions, 'bias' | 'activation'> {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
}

export interface Conv1dGradFilterOptions extends Omit<Conv1dOptions, 'bias' | 'activation'> {
  /** The filter's shape in filterLayout (the gradient comes back in it). Required. */
  filterShape: readonly number[];
}

/** conv3d (tf.nn.conv3d, Keras Conv3D, torch.nn.Conv3d, ONNX Conv on [N, C, D, H, W]). */
export interface Conv3dOptions extends OutOption {
  /** A number or [d, h, w]. Default 1. */
  strides?: Triple;
  /** 'valid' (default) | 'same' | 'same_lower' | a number | [[front, back], [top, bottom], [left, right]] (or TF's 5-entry form). Padded cells are zeros. */
  padding?: Padding | readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
  /** A number or [d, h, w]. Default 1. */
  dilations?: Triple;
  /** One value per output channel. */
  bias?: Float32Array | readonly number[] | TensorInput | ResidentTensor;
  /** Fused activation. Default 'linear'. */
  activation?: 'linear' | 'relu' | 'relu6';
  /** 'NDHWC' (default) `[n, d, h, w, c]` or 'NCDHW' `[n, c, d, h, w]` (rank 4: without n). */
  layout?: 'NDHWC' | 'NCDHW' | 'channels_last' | 'channels_first';
  /** `'DHWIO'` `[kd, kh, kw, in, out]` (TF/Keras) or `'OIDHW'` `[out, in, kd, kh, kw]` (PyTorch/ONNX). Default: 'DHWIO' for NDHWC, 'OIDHW' for NCDHW. */
  filterLayout?: 'DHWIO' | 'OIDHW';
}

export interface Conv3dGradInputOptions extends Omit<Conv3dOptions, 'bias' | 'activation'> {
  /** The forward input's shape (the gradient's shape), in the layout's order. Required. */
  inputShape: readonly number[];
}

export interface Conv3dGradFilterOptions extends Omit<Conv3dOptions, 'bias' | 'activation'> {
  /** The filter's shape in filterLayout (the gradient comes back in it). Required. */
  filterShape: readonly number[];
}

export interface Condense {
  /** The build running: 'wasm-simd-threads' (SIMD + threads), 'wasm-simd' or 'wasm-scalar'. */
  readonly backend: 'wasm-simd-threads' | 'wasm-simd' | 'wasm-scalar';
  /** Threads the ops run on, the calling one included (1 for the single-thread builds and after dispose()). */
  readonly threads: number;
  /**
   * Stops the threaded build's worker threads (terminates its workers); the instance keeps
   * working on the calling thread. A no-op for the single-thread builds; safe to call twice.
   */
  dispose(): void;

  /** Copies a tensor into wasm memory once; ops on the result skip all copies. */
  upload(x: TensorInput): ResidentTensor;
  /**
   * `x` in another shape (rank 1 to 5, same size; one entry may be -1, inferred), sharing its
   * data as tf.reshape does: a resident result shares the wasm buffer (each must be disposed; the
   * buffer is freed with the last), a tensor result the same Float32Array. No copy.
   */
  reshape(x: ResidentTensor, shape: readonly number[]): ResidentTensor;
  reshape(x: TensorInput, shape: readonly number[]): Tensor;
  reshape(x: TensorInput | ResidentTensor, shape: readonly number[]): Tensor | ResidentTensor;

  /** 2-D convolution, filter HWIO `[kh, kw, inC, outC]` (tf.nn.conv2d / keras Conv2D). */
  conv2d(x: TensorInput, filter: TensorInput | ResidentTensor, options?: Conv2dOptions & GroupsOption): Tensor;
  conv2d(
    x: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Conv2dOptions & GroupsOption,
  ): ResidentTensor;
  conv2d(
    x: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Conv2dOptions & GroupsOption,
  ): Tensor | ResidentTensor;
  /** Depthwise convolution, filter `[kh, kw, inC, multiplier]`; output channel c*multiplier + m. */
  depthwiseConv2d(x: TensorInput, filter: TensorInput | ResidentTensor, options?: Conv2dOptions): Tensor;
  depthwiseConv2d(x: ResidentTensor, filter: TensorInput | ResidentTensor, options?: Conv2dOptions): ResidentTensor;
  depthwiseConv2d(
    x: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Conv2dOptions,
  ): Tensor | ResidentTensor;
  /** max(x, 0). NaN stays NaN; relu(-0) is -0. Any shape. */
  relu(x: TensorInput, options?: OutOption): Tensor;
  relu(x: ResidentTensor): ResidentTensor;
  relu(x: TensorInput | ResidentTensor): Tensor | ResidentTensor;
  /** min(max(x, 0), 6). Any shape. */
  relu6(x: TensorInput, options?: OutOption): Tensor;
  relu6(x: ResidentTensor): ResidentTensor;
  relu6(x: TensorInput | ResidentTensor): Tensor | ResidentTensor;
  /** min(max(x, min), max). Any shape. */
  clamp(x: TensorInput, options?: ClampOptions): Tensor;
  clamp(x: ResidentTensor, options?: Omit<ClampOptions, 'out'>): ResidentTensor;
  clamp(x: TensorInput | ResidentTensor, options?: Omit<ClampOptions, 'out'>): Tensor | ResidentTensor;
  /** x < 0 ? alpha * x : x. Any shape. */
  leakyRelu(x: TensorInput, options?: LeakyReluOptions): Tensor;
  leakyRelu(x: ResidentTensor, options?: Omit<LeakyReluOptions, 'out'>): ResidentTensor;
  leakyRelu(x: TensorInput | ResidentTensor, options?: Omit<LeakyReluOptions, 'out'>): Tensor | ResidentTensor;
  /**
   * PReLU: x > 0 ? x : alpha[c] * x (Keras PReLU with shared spatial axes, torch.nn.PReLU). Any
   * rank 1..5; `alpha` holds one slope per channel or one for all. prelu(-0) is alpha * -0 and
   * prelu(NaN) is NaN. A resident x gives a resident result.
   */
  prelu(x: TensorInput, alpha: ChannelValues, options?: PreluOptions): Tensor;
  prelu(x: ResidentTensor, alpha: ChannelValues, options?: Omit<PreluOptions, 'out'>): ResidentTensor;
  prelu(
    x: TensorInput | ResidentTensor,
    alpha: ChannelValues,
    options?: Omit<PreluOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /**
   * Matrix product (tf.matmul / tf.linalg.matmul, torch.matmul, ONNX MatMul / Gemm): a [m, k] or
   * [batch, m, k], b [k, n] or [batch, k, n] -> [m, n] or [batch, m, n]. A batch of 1 or a 2-D
   * operand broadcasts over the other's batch. Gradients: dA = matMul(dY, B, { transposeB: true }),
   * dB = matMul(A, dY, { transposeA: true }). A resident a gives a resident result.
   */
  matMul(a: TensorInput, b: TensorInput | ResidentTensor, options?: MatMulOptions): Tensor;
  matMul(a: ResidentTensor, b: TensorInput | ResidentTensor, options?: Omit<MatMulOptions, 'out'>): ResidentTensor;
  matMul(
    a: TensorInput | ResidentTensor,
    b: TensorInput | ResidentTensor,
    options?: Omit<MatMulOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /**
   * Keras Dense: activation(x·kernel + bias) over the last axis, x [..., inFeatures] (rank 1..5),
   * kernel [inFeatures, outFeatures] -> [..., outFeatures].
   */
  dense(x: TensorInput, kernel: TensorInput | ResidentTensor, options?: DenseOptions): Tensor;
  dense(x: ResidentTensor, kernel: TensorInput | ResidentTensor, options?: Omit<DenseOptions, 'out'>): ResidentTensor;
  dense(
    x: TensorInput | ResidentTensor,
    kernel: TensorInput | ResidentTensor,
    options?: Omit<DenseOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** Inference batch normalisation per channel (tf.nn.batch_normalization in float32). Any rank 1..5. */
  batchNorm(x: TensorInput, options: BatchNormOptions): Tensor;
  batchNorm(x: ResidentTensor, options: Omit<BatchNormOptions, 'out'>): ResidentTensor;
  batchNorm(x: TensorInput | ResidentTensor, options: Omit<BatchNormOptions, 'out'>): Tensor | ResidentTensor;
  /** Max pooling (keras MaxPooling2D / tf.nn.max_pool2d). A NaN in a window gives NaN. */
  maxPool2d(x: TensorInput, options?: Pool2dOptions): Tensor;
  maxPool2d(x: ResidentTensor, options?: Omit<Pool2dOptions, 'out'>): ResidentTensor;
  maxPool2d(x: TensorInput | ResidentTensor, options?: Omit<Pool2dOptions, 'out'>): Tensor | ResidentTensor;
  /** Average pooling (keras AveragePooling2D / tf.nn.avg_pool2d). */
  avgPool2d(x: TensorInput, options?: AvgPool2dOptions): Tensor;
  avgPool2d(x: ResidentTensor, options?: Omit<AvgPool2dOptions, 'out'>): ResidentTensor;
  avgPool2d(x: TensorInput | ResidentTensor, options?: Omit<AvgPool2dOptions, 'out'>): Tensor | ResidentTensor;
  /** tf.nn.pool: MAX or AVG with windowShape, strides default 1. */
  pool(x: TensorInput, options: PoolOptions): Tensor;
  pool(x: ResidentTensor, options: Omit<PoolOptions, 'out'>): ResidentTensor;
  pool(x: TensorInput | ResidentTensor, options: Omit<PoolOptions, 'out'>): Tensor | ResidentTensor;
  /** Mean over height and width (keras GlobalAveragePooling2D). */
  globalAvgPool2d(x: TensorInput, options?: GlobalPoolOptions): Tensor;
  globalAvgPool2d(x: ResidentTensor, options?: Omit<GlobalPoolOptions, 'out'>): ResidentTensor;
  globalAvgPool2d(x: TensorInput | ResidentTensor, options?: Omit<GlobalPoolOptions, 'out'>): Tensor | ResidentTensor;
  /** Max over height and width (keras GlobalMaxPooling2D). */
  globalMaxPool2d(x: TensorInput, options?: GlobalPoolOptions): Tensor;
  globalMaxPool2d(x: ResidentTensor, options?: Omit<GlobalPoolOptions, 'out'>): ResidentTensor;
  globalMaxPool2d(x: TensorInput | ResidentTensor, options?: Omit<GlobalPoolOptions, 'out'>): Tensor | ResidentTensor;
  /** The condense pipeline in one pass: conv2d -> activation (ReLU) -> pooling, never writing the detected map. */
  convPool2d(x: TensorInput, filter: TensorInput | ResidentTensor, options?: ConvPool2dOptions): Tensor;
  convPool2d(
    x: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Omit<ConvPool2dOptions, 'out'>,
  ): ResidentTensor;
  convPool2d(
    x: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Omit<ConvPool2dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  // ---- the pooling family ----
  /**
   * Max pooling that also returns where each maximum is (tf.nn.max_pool_with_argmax; PyTorch
   * MaxPool2d(return_indices=True); ONNX MaxPool's Indices). The first maximum in row-major
   * window order wins ties; a NaN wins (its first occurrence); padded cells never win.
   */
  maxPool2dWithArgmax(x: TensorInput, options?: MaxPool2dWithArgmaxOptions): { values: Tensor; indices: IndexTensor };
  maxPool2dWithArgmax(
    x: ResidentTensor,
    options?: Omit<MaxPool2dWithArgmaxOptions, 'out'>,
  ): { values: ResidentTensor; indices: IndexTensor };
  maxPool2dWithArgmax(
    x: TensorInput | ResidentTensor,
    options?: Omit<MaxPool2dWithArgmaxOptions, 'out'>,
  ): { values: Tensor | ResidentTensor; indices: IndexTensor };
  /** Zeros with each value written back at its index (PyTorch MaxUnpool2d, ONNX MaxUnpool). Out-of-range indices throw. */
  maxUnpool2d(values: TensorInput, indices: IndexTensor | Int32Array, options?: MaxUnpool2dOptions): Tensor;
  maxUnpool2d(
    values: ResidentTensor,
    indices: IndexTensor | Int32Array,
    options?: Omit<MaxUnpool2dOptions, 'out'>,
  ): ResidentTensor;
  maxUnpool2d(
    values: TensorInput | ResidentTensor,
    indices: IndexTensor | Int32Array,
    options?: Omit<MaxUnpool2dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** PyTorch AdaptiveAvgPool2d: bin i covers [floor(i*in/out), ceil((i+1)*in/out)). */
  adaptiveAvgPool2d(x: TensorInput, options: AdaptivePool2dOptions): Tensor;
  adaptiveAvgPool2d(x: ResidentTensor, options: Omit<AdaptivePool2dOptions, 'out'>): ResidentTensor;
  adaptiveAvgPool2d(
    x: TensorInput | ResidentTensor,
    options: Omit<AdaptivePool2dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** PyTorch AdaptiveMaxPool2d (same bins). */
  adaptiveMaxPool2d(x: TensorInput, options: AdaptivePool2dOptions): Tensor;
  adaptiveMaxPool2d(x: ResidentTensor, options: Omit<AdaptivePool2dOptions, 'out'>): ResidentTensor;
  adaptiveMaxPool2d(
    x: TensorInput | ResidentTensor,
    options: Omit<AdaptivePool2dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** Power-average pooling (PyTorch LPPool2d / ONNX LpPool); padded cells are not part of a window. */
  lpPool2d(x: TensorInput, options?: LpPool2dOptions): Tensor;
  lpPool2d(x: ResidentTensor, options?: Omit<LpPool2dOptions, 'out'>): ResidentTensor;
  lpPool2d(x: TensorInput | ResidentTensor, options?: Omit<LpPool2dOptions, 'out'>): Tensor | ResidentTensor;
  /** Min pooling (-maxPool2d(-x)): NaN, tie and padding rules of maxPool2d. */
  minPool2d(x: TensorInput, options?: Pool2dOptions): Tensor;
  minPool2d(x: ResidentTensor, options?: Omit<Pool2dOptions, 'out'>): ResidentTensor;
  minPool2d(x: TensorInput | ResidentTensor, options?: Omit<Pool2dOptions, 'out'>): Tensor | ResidentTensor;
  /** SoftPool (arXiv:2101.00440): sum(x e^x) / sum(e^x) per window, computed stably in double. */
  softPool2d(x: TensorInput, options?: Pool2dOptions): Tensor;
  softPool2d(x: ResidentTensor, options?: Omit<Pool2dOptions, 'out'>): ResidentTensor;
  softPool2d(x: TensorInput | ResidentTensor, options?: Omit<Pool2dOptions, 'out'>): Tensor | ResidentTensor;
  /** Stochastic pooling (Zeiler & Fergus 2013, arXiv:1301.3557), seeded. */
  stochasticPool2d(x: TensorInput, options?: StochasticPool2dOptions): Tensor;
  stochasticPool2d(x: ResidentTensor, options?: Omit<StochasticPool2dOptions, 'out'>): ResidentTensor;
  stochasticPool2d(
    x: TensorInput | ResidentTensor,
    options?: Omit<StochasticPool2dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /**
   * Fractional max pooling (Graham 2014, arXiv:1412.6071) with tf.nn.fractional_max_pool's
   * semantics; returns the pooling sequences too. The draws come from condense's SplitMix64, not
   * TF's Philox: pass TF's sequences to get its exact windows. (PyTorch's FractionalMaxPool2d,
   * with a fixed kernel size, is a different operation.)
   */
  fractionalMaxPool2d(x: TensorInput, options: FractionalMaxPool2dOptions): FractionalMaxPool2dResult;
  fractionalMaxPool2d(
    x: ResidentTensor,
    options: Omit<FractionalMaxPool2dOptions, 'out'>,
  ): Omit<FractionalMaxPool2dResult, 'values'> & { values: ResidentTensor };
  fractionalMaxPool2d(
    x: TensorInput | ResidentTensor,
    options: Omit<FractionalMaxPool2dOptions, 'out'>,
  ): Omit<FractionalMaxPool2dResult, 'values'> & { values: Tensor | ResidentTensor };
  /** 1-D max pooling on `[n, w, c]` (keras MaxPooling1D, PyTorch MaxPool1d with layout 'NCW'). */
  maxPool1d(x: TensorInput, options?: Pool1dOptions): Tensor;
  maxPool1d(x: ResidentTensor, options?: Omit<Pool1dOptions, 'out'>): ResidentTensor;
  maxPool1d(x: TensorInput | ResidentTensor, options?: Omit<Pool1dOptions, 'out'>): Tensor | ResidentTensor;
  /** 1-D average pooling on `[n, w, c]`. */
  avgPool1d(x: TensorInput, options?: Pool1dOptions): Tensor;
  avgPool1d(x: ResidentTensor, options?: Omit<Pool1dOptions, 'out'>): ResidentTensor;
  avgPool1d(x: TensorInput | ResidentTensor, options?: Omit<Pool1dOptions, 'out'>): Tensor | ResidentTensor;
  /** 3-D max pooling on `[n, d, h, w, c]` (keras MaxPooling3D, PyTorch MaxPool3d with 'NCDHW'). */
  maxPool3d(x: TensorInput, options?: Pool3dOptions): Tensor;
  maxPool3d(x: ResidentTensor, options?: Omit<Pool3dOptions, 'out'>): ResidentTensor;
  maxPool3d(x: TensorInput | ResidentTensor, options?: Omit<Pool3dOptions, 'out'>): Tensor | ResidentTensor;
  /** 3-D average pooling on `[n, d, h, w, c]`. */
  avgPool3d(x: TensorInput, options?: Pool3dOptions): Tensor;
  avgPool3d(x: ResidentTensor, options?: Omit<Pool3dOptions, 'out'>): ResidentTensor;
  avgPool3d(x: TensorInput | ResidentTensor, options?: Omit<Pool3dOptions, 'out'>): Tensor | ResidentTensor;

  // ---- gradients (enough to train a small CNN) ----
  /** dL/dx of maxPool2d: dy routed to each window's argmax (as maxPool2dWithArgmax picks it), summed where windows overlap. */
  maxPool2dGrad(x: TensorInput, dy: TensorInput | ResidentTensor, options?: Pool2dOptions): Tensor;
  maxPool2dGrad(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options?: Omit<Pool2dOptions, 'out'>,
  ): ResidentTensor;
  maxPool2dGrad(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options?: Omit<Pool2dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of avgPool2d: dy / divisor added to every in-input cell of the window (the forward divisor rules). */
  avgPool2dGrad(dy: TensorInput, options: AvgPool2dGradOptions): Tensor;
  avgPool2dGrad(dy: ResidentTensor, options: Omit<AvgPool2dGradOptions, 'out'>): ResidentTensor;
  avgPool2dGrad(dy: TensorInput | ResidentTensor, options: Omit<AvgPool2dGradOptions, 'out'>): Tensor | ResidentTensor;
  /**
   * a + b, element by element. Two tensors of one shape, or a tensor and a number (on either side); one float
   * operation per element (JavaScript's double result rounded into a Float32Array bit for bit;
   * a number operand is first rounded to float32, as a tensor would hold it).
   * A resident operand gives a resident result.
   */
  add(a: TensorInput | number, b: TensorInput, options?: OutOption): Tensor;
  add(a: TensorInput, b: number, options?: OutOption): Tensor;
  add(a: ResidentTensor, b: TensorInput | ResidentTensor | number): ResidentTensor;
  add(a: TensorInput | ResidentTensor | number, b: ResidentTensor): ResidentTensor;
  add(a: TensorInput | ResidentTensor | number, b: TensorInput | ResidentTensor | number): Tensor | ResidentTensor;
  /**
   * a - b, element by element. Two tensors of one shape, or a tensor and a number (on either side); one float
   * operation per element (JavaScript's double result rounded into a Float32Array bit for bit;
   * a number operand is first rounded to float32, as a tensor would hold it).
   * A resident operand gives a resident result.
   */
  sub(a: TensorInput | number, b: TensorInput, options?: OutOption): Tensor;
  sub(a: TensorInput, b: number, options?: OutOption): Tensor;
  sub(a: ResidentTensor, b: TensorInput | ResidentTensor | number): ResidentTensor;
  sub(a: TensorInput | ResidentTensor | number, b: ResidentTensor): ResidentTensor;
  sub(a: TensorInput | ResidentTensor | number, b: TensorInput | ResidentTensor | number): Tensor | ResidentTensor;
  /**
   * a * b, element by element. Two tensors of one shape, or a tensor and a number (on either side); one float
   * operation per element (JavaScript's double result rounded into a Float32Array bit for bit;
   * a number operand is first rounded to float32, as a tensor would hold it).
   * A resident operand gives a resident result.
   */
  mul(a: TensorInput | number, b: TensorInput, options?: OutOption): Tensor;
  mul(a: TensorInput, b: number, options?: OutOption): Tensor;
  mul(a: ResidentTensor, b: TensorInput | ResidentTensor | number): ResidentTensor;
  mul(a: TensorInput | ResidentTensor | number, b: ResidentTensor): ResidentTensor;
  mul(a: TensorInput | ResidentTensor | number, b: TensorInput | ResidentTensor | number): Tensor | ResidentTensor;
  /** tf.step: 1 where x > 0, NaN where x is NaN, else alpha. Any shape. */
  step(x: TensorInput, options?: StepOptions): Tensor;
  step(x: ResidentTensor, options?: Omit<StepOptions, 'out'>): ResidentTensor;
  step(x: TensorInput | ResidentTensor, options?: Omit<StepOptions, 'out'>): Tensor | ResidentTensor;
  /**
   * The sum over every axis but the last, per channel: [..., c] -> [c] (a bias gradient;
   * tf.reduce_sum over axes 0..rank-2). Sums in double in index order, rounded once (the bits
   * of tfjs-backend-cpu's Sum).
   */
  channelSum(x: TensorInput, options?: ChannelSumOptions): Tensor;
  channelSum(x: ResidentTensor, options?: Omit<ChannelSumOptions, 'out'>): ResidentTensor;
  channelSum(x: TensorInput | ResidentTensor, options?: Omit<ChannelSumOptions, 'out'>): Tensor | ResidentTensor;
  /** dL/dx of relu: dy where x > 0, else +0 (PyTorch's threshold_backward). Any shape; dy and x alike. */
  reluGrad(dy: TensorInput, x: TensorInput | ResidentTensor, options?: OutOption): Tensor;
  reluGrad(dy: ResidentTensor, x: TensorInput | ResidentTensor): ResidentTensor;
  reluGrad(dy: TensorInput | ResidentTensor, x: TensorInput | ResidentTensor): Tensor | ResidentTensor;
  /** dL/dx of relu6 (tf.raw_ops.Relu6Grad): dy where 0 < x < 6, else +0 (x = 0, 6 or NaN: +0). */
  relu6Grad(dy: TensorInput, x: TensorInput | ResidentTensor, options?: OutOption): Tensor;
  relu6Grad(dy: ResidentTensor, x: TensorInput | ResidentTensor): ResidentTensor;
  relu6Grad(dy: TensorInput | ResidentTensor, x: TensorInput | ResidentTensor): Tensor | ResidentTensor;
  /**
   * dL/dx of clamp (tf.clip_by_value's gradient): dy where min <= x <= max, else +0; x = NaN
   * keeps dy (PyTorch's clamp_backward gives 0 there); min > max gives 0 for every number.
   */
  clampGrad(dy: TensorInput, x: TensorInput | ResidentTensor, options?: ClampOptions): Tensor;
  clampGrad(dy: ResidentTensor, x: TensorInput | ResidentTensor, options?: Omit<ClampOptions, 'out'>): ResidentTensor;
  clampGrad(
    dy: TensorInput | ResidentTensor,
    x: TensorInput | ResidentTensor,
    options?: Omit<ClampOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of leakyRelu (tf.raw_ops.LeakyReluGrad): x > 0 ? dy : alpha * dy (x = NaN or +-0: alpha * dy). */
  leakyReluGrad(dy: TensorInput, x: TensorInput | ResidentTensor, options?: LeakyReluOptions): Tensor;
  leakyReluGrad(
    dy: ResidentTensor,
    x: TensorInput | ResidentTensor,
    options?: Omit<LeakyReluOptions, 'out'>,
  ): ResidentTensor;
  leakyReluGrad(
    dy: TensorInput | ResidentTensor,
    x: TensorInput | ResidentTensor,
    options?: Omit<LeakyReluOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of maxPool1d: dy routed to each window's first maximum (or first NaN), summed where windows overlap. */
  maxPool1dGrad(x: TensorInput, dy: TensorInput | ResidentTensor, options?: Pool1dOptions): Tensor;
  maxPool1dGrad(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options?: Omit<Pool1dOptions, 'out'>,
  ): ResidentTensor;
  maxPool1dGrad(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options?: Omit<Pool1dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of avgPool1d: dy / divisor added to every in-input cell of the window (the forward divisor rules). */
  avgPool1dGrad(dy: TensorInput, options: AvgPool1dGradOptions): Tensor;
  avgPool1dGrad(dy: ResidentTensor, options: Omit<AvgPool1dGradOptions, 'out'>): ResidentTensor;
  avgPool1dGrad(dy: TensorInput | ResidentTensor, options: Omit<AvgPool1dGradOptions, 'out'>): Tensor | ResidentTensor;
  /** dL/dx of maxPool3d (tf.raw_ops.MaxPool3DGrad): the first maximum in (depth, height, width) order, or the first NaN. */
  maxPool3dGrad(x: TensorInput, dy: TensorInput | ResidentTensor, options?: Pool3dOptions): Tensor;
  maxPool3dGrad(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options?: Omit<Pool3dOptions, 'out'>,
  ): ResidentTensor;
  maxPool3dGrad(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options?: Omit<Pool3dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of avgPool3d (tf.raw_ops.AvgPool3DGrad; PyTorch's divisor rules on request). */
  avgPool3dGrad(dy: TensorInput, options: AvgPool3dGradOptions): Tensor;
  avgPool3dGrad(dy: ResidentTensor, options: Omit<AvgPool3dGradOptions, 'out'>): ResidentTensor;
  avgPool3dGrad(dy: TensorInput | ResidentTensor, options: Omit<AvgPool3dGradOptions, 'out'>): Tensor | ResidentTensor;
  /**
   * The gradient of prelu (PyTorch's prelu backward): dx = x > 0 ? dy : alpha[c] * dy, and
   * dalpha[c] = sum of dy * x over channel c's elements with x <= 0 (deterministic block sums).
   * dy and x have the same shape; no `out` option. A resident dy gives a resident dx.
   */
  preluGrad(
    dy: TensorInput,
    x: TensorInput | ResidentTensor,
    alpha: ChannelValues,
    options?: Omit<PreluOptions, 'out'>,
  ): PreluGradResult;
  preluGrad(
    dy: ResidentTensor,
    x: TensorInput | ResidentTensor,
    alpha: ChannelValues,
    options?: Omit<PreluOptions, 'out'>,
  ): Omit<PreluGradResult, 'dx'> & { dx: ResidentTensor };
  preluGrad(
    dy: TensorInput | ResidentTensor,
    x: TensorInput | ResidentTensor,
    alpha: ChannelValues,
    options?: Omit<PreluOptions, 'out'>,
  ): Omit<PreluGradResult, 'dx'> & { dx: Tensor | ResidentTensor };
  /** dL/dx of conv2d (tf.raw_ops.Conv2DBackpropInput): padded taps receive nothing. */
  conv2dGradInput(dy: TensorInput, filter: TensorInput | ResidentTensor, options: Conv2dGradInputOptions): Tensor;
  conv2dGradInput(
    dy: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<Conv2dGradInputOptions, 'out'>,
  ): ResidentTensor;
  conv2dGradInput(
    dy: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<Conv2dGradInputOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /**
   * Transposed convolution (tf.nn.conv2d_transpose, Keras Conv2DTranspose, PyTorch
   * ConvTranspose2d, ONNX ConvTranspose): every input pixel scatters filter * value into the output.
   */
  conv2dTranspose(x: TensorInput, filter: TensorInput | ResidentTensor, options?: Conv2dTransposeOptions): Tensor;
  conv2dTranspose(
    x: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Omit<Conv2dTransposeOptions, 'out'>,
  ): ResidentTensor;
  conv2dTranspose(
    x: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Omit<Conv2dTransposeOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dfilter of conv2d (tf.raw_ops.Conv2DBackpropFilter), in filterLayout. */
  conv2dGradFilter(x: TensorInput, dy: TensorInput | ResidentTensor, options: Conv2dGradFilterOptions): Tensor;
  conv2dGradFilter(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<Conv2dGradFilterOptions, 'out'>,
  ): ResidentTensor;
  conv2dGradFilter(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<Conv2dGradFilterOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of depthwiseConv2d (tf.raw_ops.DepthwiseConv2dNativeBackpropInput). */
  depthwiseConv2dGradInput(
    dy: TensorInput,
    filter: TensorInput | ResidentTensor,
    options: DepthwiseConv2dGradInputOptions,
  ): Tensor;
  depthwiseConv2dGradInput(
    dy: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<DepthwiseConv2dGradInputOptions, 'out'>,
  ): ResidentTensor;
  depthwiseConv2dGradInput(
    dy: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<DepthwiseConv2dGradInputOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dfilter of depthwiseConv2d (tf.raw_ops.DepthwiseConv2dNativeBackpropFilter), `[kh, kw, C, M]`. */
  depthwiseConv2dGradFilter(
    x: TensorInput,
    dy: TensorInput | ResidentTensor,
    options: DepthwiseConv2dGradFilterOptions,
  ): Tensor;
  depthwiseConv2dGradFilter(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<DepthwiseConv2dGradFilterOptions, 'out'>,
  ): ResidentTensor;
  depthwiseConv2dGradFilter(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<DepthwiseConv2dGradFilterOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** 1-D convolution: x `[n, w, c]` / `[w, c]` (or NCW), filter WIO `[kw, in, out]` (or OIW); conv2d with unit height. */
  conv1d(x: TensorInput, filter: TensorInput | ResidentTensor, options?: Conv1dOptions): Tensor;
  conv1d(x: ResidentTensor, filter: TensorInput | ResidentTensor, options?: Omit<Conv1dOptions, 'out'>): ResidentTensor;
  conv1d(
    x: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Omit<Conv1dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of conv1d: padded taps receive nothing. */
  conv1dGradInput(dy: TensorInput, filter: TensorInput | ResidentTensor, options: Conv1dGradInputOptions): Tensor;
  conv1dGradInput(
    dy: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<Conv1dGradInputOptions, 'out'>,
  ): ResidentTensor;
  conv1dGradInput(
    dy: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<Conv1dGradInputOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dfilter of conv1d, in filterLayout. */
  conv1dGradFilter(x: TensorInput, dy: TensorInput | ResidentTensor, options: Conv1dGradFilterOptions): Tensor;
  conv1dGradFilter(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<Conv1dGradFilterOptions, 'out'>,
  ): ResidentTensor;
  conv1dGradFilter(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<Conv1dGradFilterOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** 3-D convolution: x `[n, d, h, w, c]` / rank 4 (or NCDHW), filter DHWIO `[kd, kh, kw, in, out]` (or OIDHW). */
  conv3d(x: TensorInput, filter: TensorInput | ResidentTensor, options?: Conv3dOptions): Tensor;
  conv3d(x: ResidentTensor, filter: TensorInput | ResidentTensor, options?: Omit<Conv3dOptions, 'out'>): ResidentTensor;
  conv3d(
    x: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options?: Omit<Conv3dOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dx of conv3d (tf.raw_ops.Conv3DBackpropInputV2): padded taps receive nothing. */
  conv3dGradInput(dy: TensorInput, filter: TensorInput | ResidentTensor, options: Conv3dGradInputOptions): Tensor;
  conv3dGradInput(
    dy: ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<Conv3dGradInputOptions, 'out'>,
  ): ResidentTensor;
  conv3dGradInput(
    dy: TensorInput | ResidentTensor,
    filter: TensorInput | ResidentTensor,
    options: Omit<Conv3dGradInputOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** dL/dfilter of conv3d (tf.raw_ops.Conv3DBackpropFilterV2), in filterLayout. */
  conv3dGradFilter(x: TensorInput, dy: TensorInput | ResidentTensor, options: Conv3dGradFilterOptions): Tensor;
  conv3dGradFilter(
    x: ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<Conv3dGradFilterOptions, 'out'>,
  ): ResidentTensor;
  conv3dGradFilter(
    x: TensorInput | ResidentTensor,
    dy: TensorInput | ResidentTensor,
    options: Omit<Conv3dGradFilterOptions, 'out'>,
  ): Tensor | ResidentTensor;
  /** RGBA bytes -> `[1, h, w, channels]` floats in [0, 1]. */
  fromImageData(imageData: ImageDataLike, options?: FromImageDataOptions): Tensor;
  /** A one-channel map (`[h, w]`, `[h, w, 1]` or `[1, h, w, 1]`; any channels with `grid`) -> coloured RGBA pixels. */
  toImageData(map: TensorInput | ResidentTensor, options?: ToImageDataOptions): ColoredImage;
  /**
   * The shape `name` would return for inputs of these shapes, computed by the same C++ that sizes
   * the op's output (a dry run: validation and planning, no data). `shapes`: one shape, or one per
   * tensor argument in order (`outputShape('conv2d', [xShape, filterShape], options)`). Throws the
   * op's own errors. For ops with several outputs, the shape of the main one (`values`, `dx`).
   */
  outputShape(
    name: Exclude<
      keyof Condense,
      | 'backend'
      | 'threads'
      | 'dispose'
      | 'upload'
      | 'reshape'
      | 'memory'
      | 'releaseMemory'
      | 'outputShape'
      | 'toImageData'
      | 'tidy'
    >,
    shapes: readonly number[] | readonly (readonly number[])[],
    options?: object,
  ): number[];
  /**
   * Bytes held in reusable buffers, the live resident tensors (`residentTensors`; a reshape counts
   * as a tensor) and the bytes of their buffers (`residentBytes`; a buffer shared by reshapes
   * counts once), and the wasm memory size.
   */
  memory(): { reservedBytes: number; residentBytes: number; residentTensors: number; heapBytes: number };
  /**
   * Runs `fn` and disposes every resident tensor made inside it except those in its result (a
   * resident tensor, or arrays / plain objects holding some); nested scopes hand returned
   * residents to the enclosing one. `fn` must be synchronous: a returned Promise is a TypeError.
   */
  tidy<T>(fn: () => T): T;
  /** Frees the reusable buffers (wasm memory itself never shrinks). */
  releaseMemory(): void;
}

export interface LoadOptions {
  /** 'auto' (default): SIMD where the engine supports it; true: require SIMD; false: the scalar build. */
  simd?: 'auto' | boolean;
  /**
   * The threaded build (SIMD + threads over one shared memory). 'auto' (default): every core (at
   * most 8) where it can run (Node; pages that are crossOriginIsolated) and there are two or
   * more; elsewhere, or when it fails to load (no SharedArrayBuffer, simd: false, condense/inline,
   * its files not served, its workers refused), the SIMD or scalar single-thread build, silently.
   * A number: that many threads (1-16), or an Error saying why they cannot run. false: a
   * single-thread build.
   */
  threads?: 'auto' | number | false;
  /**
   * Where the .wasm is served (overrides the default: next to the glue in dist/): a string, or a
   * URL (typed as anything with a string `href`, so no DOM lib or @types/node is needed).
   */
  wasmUrl?: string | { readonly href: string };
  /**
   * Maps a dist/ file name ('condense-simd.wasm', 'condense-scalar.wasm'; for the threaded build
   * also 'condense-simd-threads.wasm', '.mjs', '.js' and '.worker.js') to its URL.
   */
  locateFile?: (fileName: string) => string;
  /** The .wasm bytes themselves. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
  /**
   * One console warning per instance when live resident tensors hold more than this many bytes
   * (default 268435456, 256 MiB; Infinity: never).
   */
  warnResidentBytes?: number;
}
