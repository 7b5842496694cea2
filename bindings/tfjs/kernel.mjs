// What every condense-served tfjs kernel shares: reading a tfjs tensor's data, writing the
// result, TF's padding as condense's explicit pads, and serve(): a kernel config that runs
// condense's op, or the inherited tfjs-backend-cpu kernel for a call condense does not cover
// (int32 / bool data, an activation condense lacks, ...), and counts which one ran.
import { getKernel } from '@tensorflow/tfjs-core';

export const BACKEND_NAME = 'condense';

// A float32 tfjs tensor's values as a Float32Array (read out of wasm memory if its data is
// resident only), or undefined when it is not float32 (such calls go to the inherited kernel:
// condense computes in float32 only).
export function floats(backend, info) {
  if (info.dtype !== 'float32') return undefined;
  const { values } = backend.data.get(info.dataId);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

// The resident copy of a tensor's data, if it has one (its shape may differ from the tensor's:
// a tfjs reshape shares the data).
export const residentOf = (backend, info) => backend.data.get(info.dataId).resident;

const sameShape = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);

// A tfjs tensor as a condense tensor of this shape: its resident copy, reshaped if need be (a
// condense reshape shares the wasm buffer, as tfjs's Reshape shares the data; kept with the
// tensor, backend.keepView); else, with `upload` (and backend.residentResults), a new resident
// copy kept with the tensor, so condense's result stays resident too; else { shape, data }.
// undefined when it is not float32.
export function tensor(backend, info, shape = info.shape, upload = false) {
  if (info.dtype !== 'float32') return undefined;
  const entry = backend.data.get(info.dataId);
  const { resident } = entry;
  const plainShape = shape.length < 1 || shape.length > 5;
  if (resident !== undefined && !plainShape) {
    if (sameShape(resident.shape, shape)) return resident;
    const key = shape.join(',');
    return entry.views?.get(key) ?? backend.keepView(info.dataId, backend.condense.reshape(resident, shape));
  }
  const data = floats(backend, info);
  if (!upload || !backend.residentResults || plainShape || data.length === 0) return { shape, data };
  let uploaded;
  try {
    uploaded = backend.condense.upload({ shape, data });
  } catch (error) {
    // Past the wasm memory ceiling: this call copies instead (its own op may still refuse).
    if (error instanceof RangeError) return { shape, data };
    throw error;
  }
  backend.keepResident(info.dataId, uploaded);
  return uploaded;
}

// The main input of a condense kernel: resident (see tensor), so the result is resident too.
export const resident = (backend, info, shape = info.shape) => tensor(backend, info, shape, true);

// Every info float32 (inputs that are absent count as float32).
export const allFloat = (backend, ...infos) => infos.every((t) => t == null || t.dtype === 'float32');

// A condense result (resident, or { shape, data }) as a tfjs TensorInfo owned by the backend.
export function output(backend, result, shape = result.shape) {
  if (result.resident && backend.residentResults) return backend.makeResidentInfo(result, shape);
  if (!result.resident) return backend.makeTensorInfo(shape, 'float32', result.data);
  const { data } = result.read();
  result.dispose();
  return backend.makeTensorInfo(shape, 'float32', data);
}

// Disposes a resident intermediate result unless it is the one kept.
export function dropIntermediate(y, kept) {
  if (y !== kept && y.resident) y.dispose();
}

// tfjs's Conv2DInfo / Conv3DInfo padding as condense's explicit [[before, after], ...] pads.
export function pads2d(info) {
  const { top, bottom, left, right } = info.padInfo;
  return [
    [top, bottom],
    [left, right],
  ];
}

export function pads3d(info) {
  const { front, back, top, bottom, left, right } = info.padInfo;
  return [
    [front, back],
    [top, bottom],
    [left, right],
  ];
}

// condense sizes a window op's output floor((in + pads - effective window) / stride) + 1, as TF
// does for explicit pads. tfjs's dimRoundingMode ('ceil', 'round') can size it differently; such
// calls go to the inherited kernel. Returns whether every spatial axis agrees.
export function sameOutput(info, depth = false) {
  const axes = [
    ['Height', info.padInfo.top + info.padInfo.bottom],
    ['Width', info.padInfo.left + info.padInfo.right],
  ];
  if (depth) axes.push(['Depth', info.padInfo.front + info.padInfo.back]);
  return axes.every(([axis, pad]) => {
    const eff = info[`effectiveFilter${axis}`];
    const out = Math.floor((info[`in${axis}`] + pad - eff) / info[`stride${axis}`]) + 1;
    return out === info[`out${axis}`];
  });
}

// Whether every pooling window has a cell inside the input. condense refuses a window that lies
// entirely in the padding (it has no max and no average); tfjs allows it (dimRoundingMode with
// large pads) and such calls go to the inherited kernel.
export function windowsInside(info, depth = false) {
  const p = info.padInfo;
  const axes = [
    ['Height', p.top],
    ['Width', p.left],
  ];
  if (depth) axes.push(['Depth', p.front]);
  return axes.every(
    ([axis, before]) =>
      before < info[`effectiveFilter${axis}`] &&
      (info[`out${axis}`] - 1) * info[`stride${axis}`] - before < info[`in${axis}`],
  );
}

// condense's errors (TypeError / RangeError naming condense's function) in tfjs's style: an
// Error whose message starts with "Error in <tfjs op>:".
function tfjsError(opName, error) {
  const fromCondense = error instanceof TypeError || error instanceof RangeError;
  // condense's messages start with its function's name ("conv2dGradInput: dy shape ...").
  if (!fromCondense || !/^[a-zA-Z0-9]+: /.test(error.message)) return error;
  const wrapped = new Error(`Error in ${opName}: ${error.message}`);
  wrapped.cause = error;
  return wrapped;
}

// A result computed by this backend's own typed-array loop (elementwise.mjs), not condense's
// op: run() returns fast(info) and the call counts as 'fast'.
class Fast {
  constructor(result) {
    this.result = result;
  }
}
export const fast = (result) => new Fast(result);

// A kernel config for the condense backend. `run(args)` returns the output TensorInfo(s) (or
// fast(...) of them), or undefined to hand the call to the inherited cpu kernel. Counts land on
// the backend instance (backend.kernelCounts()), so tests can prove which kernel served a call.
export function serve(kernelName, opName, run) {
  let inherited;
  return {
    kernelName,
    backendName: BACKEND_NAME,
    kernelFunc(args) {
      const { backend } = args;
      let result;
      try {
        result = run(args);
      } catch (error) {
        throw tfjsError(opName, error);
      }
      if (result instanceof Fast) {
        backend.count('fast', kernelName);
        return result.result;
      }
      if (result !== undefined) {
        backend.count('served', kernelName);
        return result;
      }
      backend.count('inherited', kernelName);
      inherited ??= getKernel(kernelName, 'cpu').kernelFunc;
      return inherited(args);
    },
  };
}
