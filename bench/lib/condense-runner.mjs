// condense's variants of a case: "io" (the plain call: copy in, op, copy out into a fresh
// Float32Array) and "io+out" (the same, writing into a caller-owned array via { out }).
// This harness does not time resident tensors (`cd.upload()`), so condense has no separate
// "op only" figure here. Browser-safe.

const weights = new WeakMap(); // cd -> Map(Float32Array -> resident tensor)

function residentWeights(cd, t) {
  if (!weights.has(cd)) weights.set(cd, new Map());
  const cache = weights.get(cd);
  if (!cache.has(t.data)) cache.set(t.data, cd.upload(t));
  return cache.get(t.data);
}

export function condenseCall(cd, c, inputs, extra = {}) {
  const x = { shape: c.input, data: inputs.x };
  const plainFilter = c.filter ? { shape: c.filter, data: inputs.filter } : undefined;
  // Resident weights: the filter (the layer's weights) stays in wasm memory, as the peers keep
  // theirs in the backend (tfjs tensor, ORT initializer); x is copied in and the result out.
  const filter = c.residentFilter ? residentWeights(cd, plainFilter) : plainFilter;
  switch (c.kind) {
    case 'maxPool':
      return () =>
        cd.maxPool2d(x, { poolSize: c.pool.size, strides: c.pool.strides, padding: c.pool.padding, ...extra });
    case 'avgPool':
      return () =>
        cd.avgPool2d(x, { poolSize: c.pool.size, strides: c.pool.strides, padding: c.pool.padding, ...extra });
    case 'globalAvg':
      return () => cd.globalAvgPool2d(x, extra);
    case 'relu':
      return () => cd.relu(x, extra);
    case 'conv': {
      const groups = c.conv.groups ? { groups: c.conv.groups } : {};
      return () => cd.conv2d(x, filter, { padding: c.conv.padding, ...groups, ...extra });
    }
    case 'conv3d':
      return () => cd.conv3d(x, filter, { padding: c.conv.padding, ...extra });
    case 'convPool':
      return () =>
        cd.convPool2d(x, filter, {
          padding: c.conv.padding,
          activation: 'relu',
          pool: { type: 'max', poolSize: c.pool.size, strides: c.pool.strides, padding: c.pool.padding },
          ...extra,
        });
    case 'matMul': {
      // The second operand is the layer's weights: resident, as the peers keep theirs in the
      // backend (tfjs tensor, ORT initializer); a is copied in and the result out on each call.
      const b = residentWeights(cd, plainFilter);
      return () => cd.matMul(x, b, extra);
    }
    default:
      throw new Error(`unknown case kind ${c.kind}`);
  }
}

/** impl: 'condense-simd' | 'condense-scalar'; outLength: the expected output size. */
export function condenseVariants(impl, cd, c, inputs, outLength) {
  const io = condenseCall(cd, c, inputs);
  const out = new Float32Array(outLength);
  const ioOut = condenseCall(cd, c, inputs, { out });
  return [
    { impl, mode: 'io', run: io, result: () => io().data },
    {
      impl,
      mode: 'io+out',
      run: ioOut,
      result: () => {
        out.fill(NaN);
        const r = ioOut();
        if (r.data !== out) throw new Error('condense: { out } did not return the caller-owned array');
        return out.slice();
      },
    },
  ];
}
