// Which of tfjs-core's jasmine specs run against the 'condense' backend: the spec files of every
// kernel condense serves plus the gradient specs (SPEC_FILES), the describe blocks to include
// from them (TEST_FILTERS, matched as "<describe> condense ..."), and every excluded spec with
// its reason. The README's "TensorFlow.js backend" section lists the same exclusions.
export const SPEC_FILES = [
  'ops/conv2d_test',
  'ops/conv1d_test',
  'ops/conv2d_transpose_test',
  'ops/conv2d_separable_test',
  'ops/depthwise_conv2d_test',
  'ops/fused/fused_conv2d_test',
  'ops/fused/fused_depthwise_conv2d_test',
  'ops/fused/fused_mat_mul_test',
  'ops/conv3d_test',
  'ops/conv3d_transpose_test',
  'ops/max_pool_test',
  'ops/avg_pool_test',
  'ops/pool_test',
  'ops/max_pool_with_argmax_test',
  'ops/max_pool_3d_test',
  'ops/avg_pool_3d_test',
  'ops/relu_test',
  'ops/relu6_test',
  'ops/leaky_relu_test',
  'ops/binary_ops_test',
  'ops/clip_by_value_test',
  'ops/mat_mul_test',
  'ops/batchnorm_test',
  'ops/mean_test',
  'ops/max_test',
  'ops/sum_test',
  'ops/add_test',
  'ops/sub_test',
  'ops/step_test',
  'ops/arithmetic_test',
  'gradients_test',
];

const include = (describe, excludes = []) => ({ startsWith: `${describe} condense`, excludes });

// A NaN in a max-pooling window: condense's maxPool2d / maxPool3d / maxPool2dWithArgmax return NaN
// (and point at it), its documented NaN rule (PyTorch's too); tfjs-backend-cpu skips NaN cells.
// tfjs excludes the same spec for its own wasm backend.
const NAN_IN_MAX = {
  name: 'ignores NaNs',
  reason: 'a NaN in a max-pooling window gives NaN on condense (its NaN rule); tfjs-backend-cpu skips NaN cells',
};

export const TEST_FILTERS = [
  include('conv2d'),
  include('conv1d'),
  include('conv2dTranspose', [
    {
      name: 'input=8x8x8,output=4x4x8,f=8,s=1,inDepth=8,p=same vec4',
      reason:
        'feeds an 8x8 dy for a 4x4 output at stride 1 (the shapes do not belong together); condense refuses ' +
        'it with an error naming dy, tfjs-backend-cpu reads the 4x4 corner of dy',
    },
  ]),
  include('separableConv2d'),
  include('depthwiseConv2D'),
  include('depthwiseConv2d gradients'),
  include('fused conv2d'),
  include('fused depthwiseConv2D'),
  include('fused matmul'),
  include('conv3d'),
  include('conv3dTranspose'),
  include('maxPool', [NAN_IN_MAX]),
  include('maxPoolBackprop'),
  include('avgPool', [
    {
      name: 'gradient x=[3,3,1] f=[3,3] s=1 p=explicit',
      reason:
        "tfjs-backend-cpu's AvgPoolGrad divides by the whole window (9 cells) where its forward pass divided " +
        'by the cells inside the input (6 at the padded border); condense returns the gradient of the forward ' +
        "pass (TF's AvgPoolGrad)",
    },
  ]),
  include('pool'),
  include('poolBackprop'),
  include('maxPoolWithArgmax', [NAN_IN_MAX]),
  include('maxPool3d', [NAN_IN_MAX]),
  include('maxPool3dBackprop'),
  include('avgPool3d'),
  include('avgPool3dBackprop'),
  include('relu'),
  include('relu6'),
  include('leakyrelu'),
  include('prelu'),
  include('clipByValue'),
  include('dot'),
  include('matmul'),
  include('matmulBatch'),
  include('batchNorm2D'),
  include('batchNorm3D'),
  include('batchNorm4D'),
  include('mean'),
  include('max'),
  include('sum'),
  include('add'),
  include('sub'),
  include('step kernel'),
  include('mul'),
  include('customGradient'),
  include('gradients'),
  include('higher-order gradients'),
  include('valueAndGradients'),
];
