// The pipeline's controls: the kernel preset and its editable 3x3 grid, convolution padding,
// pooling type, size, stride and padding, and how many times to condense. They write the
// settings they are given (../lib/state.mjs); whoever listens to those re-runs the pipeline.
import { PRESETS, presetById, presetOfKernel } from '../../bindings/lesson.mjs';
import { createCodeLine } from './code.mjs';

const $ = (id) => document.getElementById(id);

function kernelGrid(settings, presetSelect) {
  const grid = $('kernel-grid');
  const cells = [];
  for (let i = 0; i < 9; i++) {
    const cell = document.createElement('input');
    cell.type = 'number';
    cell.step = '0.25';
    cell.inputMode = 'decimal';
    cell.setAttribute('aria-label', `Kernel row ${Math.floor(i / 3) + 1}, column ${(i % 3) + 1}`);
    grid.append(cell);
    cells.push(cell);
  }
  const tint = (cell, v) => {
    cell.classList.toggle('neg', v < 0);
    cell.classList.toggle('pos', v > 0);
  };
  cells.forEach((cell, i) =>
    cell.addEventListener('input', () => {
      const v = Number(cell.value);
      if (cell.value.trim() === '' || !Number.isFinite(v)) {
        cell.setAttribute('aria-invalid', 'true');
        return;
      }
      cell.removeAttribute('aria-invalid');
      tint(cell, v);
      presetSelect.value = presetOfKernel(settings.current().kernel.map((x, j) => (j === i ? v : x)))?.id ?? 'custom';
      settings.setKernelCell(i, v);
    }),
  );
  return function show() {
    const { kernel } = settings.current();
    cells.forEach((c, i) => {
      c.value = String(kernel[i]);
      tint(c, kernel[i]);
    });
  };
}

export function createControls({ settings }) {
  const presetSelect = $('preset');
  for (const p of PRESETS) presetSelect.add(new Option(p.name, p.id));
  presetSelect.add(new Option('Custom (edit the grid)', 'custom'));
  const showKernel = kernelGrid(settings, presetSelect);
  presetSelect.value = presetOfKernel(settings.current().kernel)?.id ?? 'custom';
  showKernel();

  presetSelect.addEventListener('change', () => {
    const p = presetById(presetSelect.value);
    if (!p) return;
    settings.update({ kernel: p.kernel }, { silent: true });
    showKernel();
    settings.update({});
  });

  const radio = (name, patch) =>
    document.querySelectorAll(`input[name="${name}"]`).forEach((r) =>
      r.addEventListener('change', () => {
        if (r.checked) settings.update(patch(r.value));
      }),
    );
  radio('conv-padding', (v) => ({ convPadding: v }));
  radio('pool-type', (v) => ({ pool: { type: v } }));
  radio('pool-padding', (v) => ({ pool: { padding: v } }));

  const range = (id, patch, label) => {
    const el = $(id);
    const out = $(`${id}-out`);
    const show = () => {
      out.textContent = label(Number(el.value));
      el.setAttribute('aria-valuetext', out.textContent);
    };
    const update = (silent) => {
      settings.update(patch(Number(el.value)), { silent });
      show();
    };
    el.addEventListener('input', () => update(false));
    update(true);
    return show;
  };
  const stride = strideFollowing(settings);
  range(
    'pool-size',
    (v) => ({ pool: stride.follows() ? { size: v, stride: stride.follow(v) } : { size: v } }),
    (v) => `${v}×${v}`,
  );
  stride.setShow(
    range(
      'pool-stride',
      (v) => ({ pool: { stride: v } }),
      (v) => String(v),
    ),
  );
  range(
    'repeats',
    (v) => ({ repeats: v }),
    (v) => (v === 1 ? '1 time' : `${v} times`),
  );

  // The pooling step as code, current with every control.
  const updateCode = createCodeLine($('code-line'), () => settings.current().pool, {
    note: () => {
      const { pool, repeats } = settings.current();
      const again = repeats > 1 ? `Applied ${repeats} times, each on the map before. ` : '';
      const follow = stride.follows() ? 'The stride follows the window: Keras’s strides=None means pool_size.' : '';
      return `${again}${follow}${pool.type === 'avg' && pool.padding === 'same' ? ' Average pooling ignores the padded cells, as TF does.' : ''}`.trim();
    },
  });
  settings.onChange(updateCode);
}

// Keras's MaxPool2D: "strides: if None, it will default to pool_size". The Stride slider
// follows the Window slider until the user moves it; the "= window" toggle links them again.
function strideFollowing(settings) {
  const slider = $('pool-stride');
  const size = $('pool-size');
  const toggle = $('stride-follow');
  let follows = settings.current().pool.stride === settings.current().pool.size;
  let show = () => {};
  const render = () => {
    toggle.setAttribute('aria-pressed', String(follows));
    toggle.textContent = follows ? '= window' : 'link to window';
    toggle.title = follows
      ? 'The stride follows the window (Keras: strides default to pool_size). Move the Stride slider to set it yourself.'
      : 'Make the stride follow the window again (Keras’s default: strides = pool_size).';
  };
  slider.addEventListener('input', () => {
    follows = false;
    render();
  });
  toggle.addEventListener('click', () => {
    follows = !follows;
    render();
    if (follows) {
      slider.value = size.value;
      settings.update({ pool: { stride: Number(size.value) } });
      show();
    }
  });
  render();
  return {
    follows: () => follows,
    follow(v) {
      slider.value = String(v);
      show();
      return v;
    },
    setShow(fn) {
      show = fn;
    },
  };
}
