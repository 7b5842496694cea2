// The code line for a pooling setting: the Keras layer, tf.nn.pool, PyTorch (where it has the
// padding) and the condense call that compute the same thing. `poolCode` is pure (the tests
// import it); `createCodeLine` writes it into an element and keeps it current.

const pair = ([h, w]) => (h === w ? String(h) : `(${h}, ${w})`);
const list = ([h, w]) => `[${h}, ${w}]`;
const js = ([h, w]) => (h === w ? String(h) : `[${h}, ${w}]`);
const asPair = (v) => (Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v, v]);

/**
 * pool: { type: 'max' | 'avg', size, stride, padding } where size and stride are a number or
 * [h, w] and padding is 'valid', 'same', a number or [ph, pw] (PyTorch's symmetric padding).
 * Returns { keras, tfnn, torch, condense }: one line each; keras or torch say so when the
 * framework has no such padding.
 */
export function poolCode(pool, input = 'x') {
  const size = asPair(pool.size);
  const stride = asPair(pool.stride ?? pool.size);
  const max = pool.type !== 'avg';
  const named = typeof pool.padding === 'string';
  const pad = named ? pool.padding.toLowerCase() : asPair(pool.padding);
  const kerasLayer = max ? 'MaxPool2D' : 'AveragePooling2D';
  const torchLayer = max ? 'MaxPool2d' : 'AvgPool2d';
  const fn = max ? 'maxPool2d' : 'avgPool2d';

  let keras;
  let tfnn;
  let torch;
  let condensePad;
  if (named) {
    keras = `layers.${kerasLayer}(pool_size=${pair(size)}, strides=${pair(stride)}, padding='${pad}')`;
    tfnn = `tf.nn.pool(${input}, window_shape=${list(size)}, pooling_type='${max ? 'MAX' : 'AVG'}', strides=${list(stride)}, padding='${pad.toUpperCase()}')`;
    torch =
      pad === 'valid'
        ? `nn.${torchLayer}(${pair(size)}, stride=${pair(stride)})`
        : `# PyTorch's ${torchLayer} has no 'same' padding: pad with F.pad first`;
    condensePad = `'${pad}'`;
  } else {
    const zero = pad[0] === 0 && pad[1] === 0;
    keras = zero
      ? `layers.${kerasLayer}(pool_size=${pair(size)}, strides=${pair(stride)}, padding='valid')`
      : `# Keras pools with 'valid' or 'same' only: layers.ZeroPadding2D(${pair(pad)}) pads zeros, not ${max ? '−∞' : 'ignored cells'}`;
    const padded = `tf.pad(${input}, [[0, 0], ${list([pad[0], pad[0]])}, ${list([pad[1], pad[1]])}, [0, 0]], constant_values=-float('inf'))`;
    if (zero)
      tfnn = `tf.nn.pool(${input}, window_shape=${list(size)}, pooling_type='${max ? 'MAX' : 'AVG'}', strides=${list(stride)}, padding='VALID')`;
    else if (max)
      tfnn = `tf.nn.pool(${padded}, window_shape=${list(size)}, pooling_type='MAX', strides=${list(stride)}, padding='VALID')`;
    else tfnn = `# tf.nn.pool pads 'VALID' or 'SAME' only; zero-padding first would count the padded cells`;
    torch = `nn.${torchLayer}(${pair(size)}, stride=${pair(stride)}, padding=${pair(pad)}${max ? '' : ', count_include_pad=False'})`;
    condensePad = js(pad);
  }
  const condense = `cd.${fn}(${input}, { poolSize: ${js(size)}, strides: ${js(stride)}, padding: ${condensePad} })`;
  return { keras, tfnn, torch, condense };
}

const LABELS = { keras: 'Keras', tfnn: 'TensorFlow', torch: 'PyTorch', condense: 'condense' };

/** Writes poolCode(get()) into `el` as labelled lines; call the returned function to update it. */
export function createCodeLine(el, get, { keys = ['keras', 'tfnn', 'condense'], note = () => '' } = {}) {
  const rows = keys.map((key) => {
    const row = document.createElement('p');
    row.className = 'code-row';
    row.dataset.key = key;
    const label = document.createElement('span');
    label.className = 'code-label';
    label.textContent = LABELS[key];
    const code = document.createElement('code');
    row.append(label, code);
    return { key, code };
  });
  const extra = document.createElement('p');
  extra.className = 'code-note fine';
  el.replaceChildren(...rows.map((r) => r.code.parentElement), extra);
  function update() {
    const lines = poolCode(get());
    rows.forEach((r) => {
      r.code.textContent = lines[r.key];
    });
    extra.textContent = note();
    extra.hidden = !extra.textContent;
  }
  update();
  return update;
}
