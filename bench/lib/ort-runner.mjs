// onnxruntime-web variants (wasm execution provider, numThreads = 1). Its Conv and pooling ops
// are NCHW-only, so it receives the same data transposed to NCHW outside the timing (as the
// performance brief prescribes), and its output is transposed back to NHWC outside the timing
// for the check.
// ReLU is layout-free and runs on the NHWC data as is.
// "op": the input ort.Tensor is already built; session.run (ORT-web's wasm EP has no resident
//       tensors on the CPU, so run still copies the input in and the output out).
// "io": new ort.Tensor from the caller's Float32Array, session.run, read output.data.
import { buildModel } from './onnx.mjs';
import { pads2d, poolShape } from './reference.mjs';

export function nhwcToNchw(x, [n, h, w, c]) {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        const src = ((b * h + y) * w + xx) * c;
        for (let ch = 0; ch < c; ch++) out[((b * c + ch) * h + y) * w + xx] = x[src + ch];
      }
    }
  }
  return out;
}

export function nchwToNhwc(x, [n, c, h, w]) {
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        for (let xx = 0; xx < w; xx++) out[((b * h + y) * w + xx) * c + ch] = x[((b * c + ch) * h + y) * w + xx];
      }
    }
  }
  return out;
}

/** HWIO -> OIHW. */
function hwioToOihw(f, [kh, kw, ci, co]) {
  const out = new Float32Array(f.length);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = f[((y * kw + x) * ci + i) * co + o];
      }
    }
  }
  return out;
}

const nchw = ([n, h, w, c]) => [n, c, h, w];

function poolAttrs(shape, pool) {
  const p = pads2d(shape, pool.size, pool.strides, pool.padding);
  return { kernel_shape: pool.size, strides: pool.strides, pads: [p.top, p.left, p.bottom, p.right] };
}

/** The ONNX graph of a case: input 'x', output 'y'; returns { model, inShape, outShape, layout }. */
export function ortGraph(c, inputs) {
  if (c.kind === 'relu') {
    return {
      layout: 'any',
      inShape: c.input,
      outShape: c.input,
      model: buildModel({
        inputs: [{ name: 'x', shape: c.input }],
        outputs: [{ name: 'y', shape: c.input }],
        nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
      }),
    };
  }
  if (c.kind === 'matMul') {
    const outShape = [c.input[0], c.filter[1]];
    return {
      layout: 'any',
      inShape: c.input,
      outShape,
      model: buildModel({
        inputs: [{ name: 'x', shape: c.input }],
        outputs: [{ name: 'y', shape: outShape }],
        initializers: [{ name: 'w', shape: c.filter, data: inputs.filter }],
        nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
      }),
    };
  }
  const inShape = nchw(c.input);
  const nodes = [];
  const initializers = [];
  let outNhwc;
  switch (c.kind) {
    case 'maxPool':
    case 'avgPool':
      nodes.push({
        op: c.kind === 'maxPool' ? 'MaxPool' : 'AveragePool',
        inputs: ['x'],
        outputs: ['y'],
        attrs: poolAttrs(c.input, c.pool),
      });
      outNhwc = poolShape(c.input, c.pool);
      break;
    case 'globalAvg':
      nodes.push({ op: 'GlobalAveragePool', inputs: ['x'], outputs: ['y'] });
      outNhwc = [c.input[0], 1, 1, c.input[3]];
      break;
    case 'conv':
    case 'convPool': {
      const [kh, kw, , co] = c.filter;
      const p = pads2d(c.input, [kh, kw], [1, 1], c.conv.padding);
      initializers.push({ name: 'w', shape: [co, c.filter[2], kh, kw], data: hwioToOihw(inputs.filter, c.filter) });
      const convOut = c.kind === 'conv' ? 'y' : 'c';
      nodes.push({
        op: 'Conv',
        inputs: ['x', 'w'],
        outputs: [convOut],
        attrs: { kernel_shape: [kh, kw], strides: [1, 1], pads: [p.top, p.left, p.bottom, p.right] },
      });
      const convShape = [
        c.input[0],
        c.input[1] + p.top + p.bottom - kh + 1,
        c.input[2] + p.left + p.right - kw + 1,
        co,
      ];
      outNhwc = convShape;
      if (c.kind === 'convPool') {
        nodes.push({ op: 'Relu', inputs: ['c'], outputs: ['r'] });
        nodes.push({ op: 'MaxPool', inputs: ['r'], outputs: ['y'], attrs: poolAttrs(convShape, c.pool) });
        outNhwc = poolShape(convShape, c.pool);
      }
      break;
    }
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
  const outShape = nchw(outNhwc);
  return {
    layout: 'nchw',
    inShape,
    outShape,
    model: buildModel({
      inputs: [{ name: 'x', shape: inShape }],
      outputs: [{ name: 'y', shape: outShape }],
      initializers,
      nodes,
    }),
  };
}

export async function ortPrepare(ort, c, inputs) {
  const g = ortGraph(c, inputs);
  const session = await ort.InferenceSession.create(g.model, {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  const data = g.layout === 'nchw' ? nhwcToNchw(inputs.x, c.input) : inputs.x;
  const xT = new ort.Tensor('float32', data, g.inShape);
  const toNhwc = (y) => (g.layout === 'nchw' ? nchwToNhwc(y, g.outShape) : y.slice());
  const op = () => session.run({ x: xT });
  const io = async () => {
    const r = await session.run({ x: new ort.Tensor('float32', data, g.inShape) });
    return r.y.data;
  };
  return {
    variants: [
      { impl: 'ort-web', mode: 'op', run: op, result: async () => toNhwc((await op()).y.data) },
      { impl: 'ort-web', mode: 'io', run: io, result: async () => toNhwc(await io()) },
    ],
    activate: () => {},
    dispose: () => session.release(),
  };
}
