// Run in a fresh Node process by the benchmark: prints {"ms": ...}, the milliseconds from just
// before the library's import to its first computed result. Usage: node ready-child.mjs TARGET
// with TARGET one of condense-simd, condense-scalar (single-thread), condense-simd-threads (the
// default load: the threaded build, its workers started), tfjs-wasm, ort-web.
const target = process.argv[2];
const t0 = performance.now();
let value;
if (target === 'condense-simd' || target === 'condense-scalar') {
  const { loadCondense } = await import('../../bindings/node.mjs');
  const cd = await loadCondense({ simd: target === 'condense-simd', threads: false });
  value = cd.relu({ shape: [4], data: new Float32Array([-1, 2, -3, 4]) }).data[1];
} else if (target === 'condense-simd-threads') {
  const { loadCondense } = await import('../../bindings/node.mjs');
  const cd = await loadCondense();
  if (cd.backend !== 'wasm-simd-threads') throw new Error(`ready-child: the default load ran ${cd.backend}`);
  value = cd.relu({ shape: [4], data: new Float32Array([-1, 2, -3, 4]) }).data[1];
  cd.dispose();
} else if (target === 'tfjs-wasm') {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend('wasm');
  value = tf.relu(tf.tensor([-1, 2, -3, 4])).dataSync()[1];
} else if (target === 'ort-web') {
  const ort = await import('onnxruntime-web');
  const { buildModel } = await import('./onnx.mjs');
  ort.env.wasm.numThreads = 1;
  const model = buildModel({
    inputs: [{ name: 'x', shape: [4] }],
    outputs: [{ name: 'y', shape: [4] }],
    nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
  });
  const s = await ort.InferenceSession.create(model, { executionProviders: ['wasm'] });
  value = (await s.run({ x: new ort.Tensor('float32', new Float32Array([-1, 2, -3, 4]), [4]) })).y.data[1];
} else {
  throw new Error(`ready-child: unknown target ${target}`);
}
const ms = performance.now() - t0;
if (value !== 2) throw new Error(`ready-child: ${target} computed ${value}, want 2`);
process.stdout.write(`${JSON.stringify({ target, ms })}\n`);
