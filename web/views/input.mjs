// Input: file picker, drag and drop, paste and the sample photos. Keeps the decoded source
// (at most 2048 px on its longer side) and turns it into the working tensor [1, S, S, 1] with
// cd.fromImageData at the selected size.
import { decodeImageFile, ImageInputError } from '../lib/decode.mjs';
import { fetchSample, fitRegion, SAMPLE_NAMES } from '../lib/samples.mjs';

const $ = (id) => document.getElementById(id);

/**
 * What a fit mode keeps of a width x height image: { kept (share of the pixels used), text, warn }.
 * warn: the mode loses most of the image (more than half of its pixels are not used).
 */
export function fitHint(width, height, r, fit) {
  const kept = (r.sw * r.sh) / (width * height);
  const share = `${Math.round(kept * 100)}%`;
  if (fit === 'crop' && kept < 0.999) {
    const lost =
      width > height
        ? `the left and right ${Math.round((width - r.sw) / 2)} px`
        : `the top and bottom ${Math.round((height - r.sh) / 2)} px`;
    return {
      kept,
      warn: kept < 0.5,
      text: `“Crop the centre square” keeps the middle ${r.sw}×${r.sh} of this ${width}×${height} image: ${share} of it; ${lost} are not used.${kept < 0.5 ? ' Most of the image is lost: “keep the aspect ratio” uses all of it.' : ''}`,
    };
  }
  const ratio = Math.max(width / height, height / width);
  if (fit === 'stretch' && ratio > 1.05) {
    const squeezed = width > height ? 'its width' : 'its height';
    return {
      kept,
      warn: false,
      text: `“Stretch” uses all of the image but squeezes ${squeezed} ${ratio.toFixed(2)}×: shapes look ${width > height ? 'narrower' : 'flatter'} than they are.`,
    };
  }
  return { kept, warn: false, text: '' };
}

// The hint speaks of the original image (the kept source may be a downscaled copy).
function showFitHint(el, source, r, fit) {
  const scale = source.originalWidth / source.width;
  const original = { sw: Math.round(r.sw * scale), sh: Math.round(r.sh * scale) };
  const hint = fitHint(source.originalWidth, source.originalHeight, original, fit);
  el.textContent = hint.text;
  el.hidden = !hint.text;
  el.classList.toggle('warn', hint.warn);
}

/** RGBA pixels of a canvas region, as condense's fromImageData takes them. */
function pixels(canvas, sx, sy, w, h) {
  return canvas.getContext('2d', { willReadFrequently: true }).getImageData(sx, sy, w, h);
}

export function createInput(context) {
  const { messages } = context;
  const fileInput = $('file');
  const dropzone = $('dropzone');
  const sizeSelect = $('size');
  const fitSelect = $('fit');
  const thumb = $('current-thumb');
  const nameEl = $('current-name');
  const hintEl = $('fit-hint');
  const listeners = [];

  let source = null; // { canvas, width, height, name, originalWidth, originalHeight }
  let tensor = null;
  let fromImageMs = 0;
  let loading = 0;

  function emit(what) {
    listeners.forEach((fn) => fn(what));
  }

  function recompute() {
    const cd = context.cd();
    if (!source || !cd) return;
    const size = Number(sizeSelect.value);
    const r = fitRegion(source.width, source.height, size, fitSelect.value);
    showFitHint(hintEl, source, r, fitSelect.value);
    const image = pixels(source.canvas, r.sx, r.sy, r.sw, r.sh);
    const t0 = performance.now();
    tensor = cd.fromImageData(image, { channels: 1, size: r.out });
    fromImageMs = performance.now() - t0;
  }

  /** The working image at another size (for GAP and the 1024 benchmark). */
  function tensorAt(size) {
    const cd = context.cd();
    if (!source || !cd) return null;
    const r = fitRegion(source.width, source.height, size, fitSelect.value);
    return cd.fromImageData(pixels(source.canvas, r.sx, r.sy, r.sw, r.sh), { channels: 1, size: r.out });
  }

  async function useFile(file, label) {
    const ticket = ++loading;
    dropzone.classList.add('busy');
    nameEl.textContent = `Reading ${label ?? file.name ?? 'the image'}…`;
    try {
      const decoded = await decodeImageFile(file);
      if (ticket !== loading) return;
      source = { ...decoded, name: label ?? file.name ?? 'pasted image' };
      thumb.src = decoded.canvas.toDataURL('image/jpeg', 0.8);
      thumb.alt = `The current image: ${source.name}`;
      const size = `${decoded.originalWidth}×${decoded.originalHeight}`;
      nameEl.textContent = `${source.name} · ${size}`;
      if (decoded.notice) messages.notice(decoded.notice);
      else messages.clear();
      recompute();
      emit({ source: true });
    } catch (error) {
      if (ticket !== loading) return;
      const message =
        error instanceof ImageInputError ? error.message : `That image could not be used: ${error.message}`;
      messages.error(`${message} The previous image is still in use.`);
      nameEl.textContent = source
        ? `${source.name} · ${source.originalWidth}×${source.originalHeight}`
        : 'No image yet';
    } finally {
      if (ticket === loading) dropzone.classList.remove('busy');
    }
  }

  async function loadSample(name) {
    try {
      const file = await fetchSample(name);
      await useFile(file, SAMPLE_NAMES[name] ?? name);
    } catch (error) {
      messages.error(`The sample could not be loaded: ${error.message}`);
    }
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files && fileInput.files[0];
    if (file) context.track(useFile(file));
    fileInput.value = '';
  });

  document.querySelectorAll('button.sample').forEach((button) => {
    button.addEventListener('click', () => context.track(loadSample(button.dataset.sample)));
  });

  // Drag and drop anywhere on the page; the drop zone lights up.
  let dragDepth = 0;
  window.addEventListener('dragenter', (event) => {
    if (!event.dataTransfer || ![...event.dataTransfer.types].includes('Files')) return;
    dragDepth++;
    dropzone.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) dropzone.classList.remove('dragging');
  });
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    dragDepth = 0;
    dropzone.classList.remove('dragging');
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) context.track(useFile(file));
    else messages.error('Nothing to use was dropped: drop an image file.');
  });

  window.addEventListener('paste', (event) => {
    const target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') && target.type !== 'file') return;
    const items = event.clipboardData ? [...event.clipboardData.items] : [];
    const item = items.find((i) => i.kind === 'file');
    if (!item) {
      if (items.length)
        messages.error('The clipboard holds no image: copy an image (not its address) and paste again.');
      return;
    }
    event.preventDefault();
    const file = item.getAsFile();
    if (file) context.track(useFile(file, file.name && file.name !== 'image.png' ? file.name : 'pasted image'));
  });

  function changed() {
    recompute();
    emit({ source: false, size: true });
  }
  sizeSelect.addEventListener('change', changed);
  fitSelect.addEventListener('change', () => {
    recompute();
    emit({ source: true });
  });

  return {
    tensor: () => tensor,
    tensorAt,
    source: () => source,
    fromImageMs: () => fromImageMs,
    describe: () => (source ? { name: source.name, fit: fitSelect.value, size: Number(sizeSelect.value) } : null),
    recompute,
    useFile,
    loadSample,
    fit: () => fitSelect.value,
    onChange: (fn) => listeners.push(fn),
  };
}
