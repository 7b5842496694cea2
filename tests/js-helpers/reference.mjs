// The one plain-JavaScript reference of the JS tests and the fixture generator: every op from its
// definition in double precision, importing nothing from bindings/ or src/ (the independent
// third implementation the API is checked against). Split by topic:
//   reference/core.mjs         pool2d / globalPool2d / conv2d with error magnitudes, elementwise
//                              ops, image conversion (SEMANTICS.md sections 1-2)
//   reference/pool-family.mjs  the pooling family: geometry with per-window cells (axisWindows,
//                              geometry2d, reducePool2d), max / avg / min / soft / Lp / stochastic,
//                              argmax and unpooling, adaptive, fractional, 1-D and 3-D pooling
//   reference/grad.mjs         conv2dNoBias, the gradients, finite differences, layout transposes
//   reference/channel.mjs      the per-channel ops: prelu, preluGrad, batchNorm (float32 steps)
//   reference/conv-groups.mjs  grouped conv, PyTorch's padding modes, grouped / depthwise gradients
//   reference/grad-nd.mjs      relu6Grad, clampGrad, leakyReluGrad, the 1-D / 3-D pooling gradients
//   reference/matmul.mjs       matMul and dense (float32 sequential sums)
export * from './reference/core.mjs';
export * from './reference/pool-family.mjs';
export * from './reference/grad.mjs';
export * from './reference/channel.mjs';
export * from './reference/conv-groups.mjs';
export * from './reference/grad-nd.mjs';
export * from './reference/matmul.mjs';
