#!/usr/bin/env node
// The condense command line: reads PNG or JPEG images (a path, or - for standard input), runs
// the lesson's pipeline (grayscale or RGB -> conv2d -> ReLU -> pooling, repeated pooling with
// --times) through the public API and writes the panels as a PNG (and with --npy each map as a
// .npy file). Exit codes: 0 done, 1 a file could not be read, decoded or written, 2 a usage
// error (an unknown option, a bad value, or options the image cannot take), 3 a bug (printed
// with its stack, to be reported).
import { mkdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import v8 from 'node:v8';
import { loadCondense } from '../bindings/node.mjs';
import { presetById, presetOfKernel } from '../bindings/lesson.mjs';
import { encodePngBands } from '../image/node.mjs';
import { fileError, openOutput, readImage, usage, UserError } from './io.mjs';
import { blitScaled, imageInRows, layoutPanels } from './render.mjs';
import { bandedLesson, statsPass } from './stream.mjs';
import { num, report, table } from './report.mjs';

// The command line's names for the lesson's presets (bindings/lesson.mjs), in --help's order;
// presetById also takes the demo's ids (bottom-sobel, ...) and the exercise's name for emboss.
const KERNEL_NAMES = [
  'edge',
  'emboss',
  'sobel-bottom',
  'sobel-top',
  'sobel-left',
  'sobel-right',
  'sharpen',
  'blur',
  'outline',
  'identity',
];
const kernelName = (preset) => KERNEL_NAMES.find((name) => presetById(name) === preset);

// V8's young generation grows (to 2 x 16 MB) as a long run allocates short-lived objects, and
// the banded passes make many (a few per band and op): on a --size keep photo that was ~11 MB
// of the peak resident memory. This process keeps it at its initial size; the extra scavenges
// cost no measurable time (README, "Command line").
v8.setFlagsFromString('--semi-space-growth-factor=1');

const MAX_SIDE = 8192;
const MAX_TIMES = 20;

const HELP = `Usage: condense <image.png|image.jpg|-> [more images] [options]

Runs the convolution -> ReLU -> pooling pipeline of the Kaggle computer-vision lesson on an
image and writes its panels (Input | Filter | Detect | Condense) to a PNG. - reads the image
from standard input; with several images --out names a folder.

Options:
  --kernel NAME|9 numbers  edge (default), emboss (alias exercise), sobel-bottom, sobel-top,
                           sobel-left, sobel-right, sharpen, blur, outline, identity, or nine
                           comma-separated numbers, row by row: --kernel=0,-1,0,-1,4,-1,0,-1,0
  --size N | WxH | keep    resize the input so that its longer side is N, keeping its aspect
                           (default 400), to exactly W wide and H high (400x400: the lesson's
                           square), or keep the image's size; a JPEG at least twice that
                           size decodes at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling)
  --full-decode            decode a JPEG at full size whatever --size asks (slower; the
                           resize then samples the file's own pixels, as tf.image.resize)
  --channels gray|rgb      gray (default, as the lesson): one map; rgb: the kernel runs on
                           each colour channel (a depthwise convolution), maps shown in colour
  --padding same|valid     convolution padding (default same, as the lesson's tf.nn.conv2d)
  --pool max|avg           pooling type (default max)
  --pool-size N            pooling window N x N (default 2)
  --stride N               pooling stride (default: the pool size)
  --pool-padding same|valid  pooling padding (default same, as the lesson's tf.nn.pool)
  --times N                condense N times, pooling each result again (default 1, at most ${MAX_TIMES})
  --colormap magma|viridis|gray  colours of the maps (default magma; the input panel is gray,
                           in colour with --channels rgb)
  --panels all|condense    all: every stage side by side, labelled (default); condense: only
                           the last condensed map, one pixel per value, no labels
  --out FILE|FOLDER        the PNG to write (default: <input name>-condense.png here);
                           - writes the PNG to standard output; a folder (an existing one,
                           one ending in /, or any with several inputs) gets
                           <input name>-condense.png for each input
  --npy                    also write each map (input, filter, detect, condense-1, ...) as
                           <png name>-<stage>.npy: NumPy float32, shape [1, h, w, channels]
  --json                   print the shapes and value statistics as JSON instead of a table
  --backend auto|simd|scalar  which WebAssembly build runs (default auto)
  -h, --help               show this help
  --version                print the version

Input: PNG (every colour type and bit depth, interlaced or not) or JPEG (baseline and
progressive, turned upright by its EXIF orientation). Fully transparent pixels count as
black, as in a browser canvas.
Exit codes: 0 done, 1 the input or output file failed, 2 a usage error, 3 a bug (please
report it with the message).

Examples: condense car.jpg --kernel edge --pool max --out car-panels.png
          condense photos/*.jpg --size keep --channels rgb --npy --out panels/
          condense - --out - < car.jpg > car-panels.png`;

// ---- arguments ---------------------------------------------------------------------------

const VALUE_OPTIONS = new Set([
  'kernel',
  'size',
  'padding',
  'pool',
  'pool-size',
  'stride',
  'pool-padding',
  'times',
  'colormap',
  'panels',
  'out',
  'backend',
  'channels',
]);
const FLAGS = new Set(['json', 'help', 'version', 'npy', 'full-decode']);

// Like util.parseArgs, but an option's value may start with '-' (kernels have negative numbers).
function parseArgs(argv) {
  const values = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      values.help = true;
      continue;
    }
    if (arg === '-o') {
      if (i + 1 >= argv.length) throw usage('-o needs a value');
      values.out = argv[++i];
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw usage(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (FLAGS.has(name)) {
      if (eq >= 0) throw usage(`--${name} takes no value (got ${JSON.stringify(arg)})`);
      values[name] = true;
    } else if (VALUE_OPTIONS.has(name)) {
      if (eq >= 0) values[name] = arg.slice(eq + 1);
      else if (i + 1 < argv.length) values[name] = argv[++i];
      else throw usage(`--${name} needs a value`);
    } else {
      throw usage(`unknown option --${name}`);
    }
  }
  return { values, positionals };
}

function oneOf(name, value, choices, fallback) {
  if (value === undefined) return fallback;
  const v = value.toLowerCase();
  if (!choices.includes(v))
    throw usage(
      `--${name} must be ${choices.join(', ').replace(/, ([^,]*)$/, ' or $1')} (got ${JSON.stringify(value)})`,
    );
  return v;
}

function integer(name, value, fallback, min, max) {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw usage(`--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return Number(value);
}

function parseKernel(value) {
  if (value === undefined) return { name: 'edge', values: [...presetById('edge').kernel] };
  const preset = presetById(value);
  if (preset && kernelName(preset)) return { name: kernelName(preset), values: [...preset.kernel] };
  const parts = value.split(',');
  if (parts.length > 1) {
    const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
    if (parts.length !== 9 || !numbers.every(Number.isFinite)) {
      throw usage(
        `--kernel needs exactly 9 comma-separated numbers, row by row (got ${parts.length} values: ${JSON.stringify(value)})`,
      );
    }
    const same = presetOfKernel(numbers);
    return { name: (same && kernelName(same)) || 'custom', values: numbers };
  }
  throw usage(
    `--kernel must be one of ${KERNEL_NAMES.join(', ')}, or 9 comma-separated numbers (got ${JSON.stringify(value)})`,
  );
}

// Returns { fit: N } (the longer side becomes N, the aspect kept), [h, w], or null (keep).
function parseSize(value) {
  if (value === undefined) return { fit: 400 };
  if (value.toLowerCase() === 'keep') return null;
  const square = /^(\d+)$/.exec(value);
  const wh = /^(\d+)[x×](\d+)$/i.exec(value);
  const [w, h] = square ? [Number(square[1]), Number(square[1])] : wh ? [Number(wh[1]), Number(wh[2])] : [NaN, NaN];
  if (!(w >= 1 && h >= 1 && w <= MAX_SIDE && h <= MAX_SIDE)) {
    throw usage(`--size must be N, WxH (1 to ${MAX_SIDE} each) or keep (got ${JSON.stringify(value)})`);
  }
  return square ? { fit: w } : [h, w];
}

/** The [h, w] the input is resized to: `size` applied to a `width` x `height` image. */
function targetSize(size, width, height) {
  if (size === null) return [height, width];
  if (Array.isArray(size)) return size;
  const scale = size.fit / Math.max(width, height);
  return [Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale))];
}

function outputs(values, inputs) {
  const stem = (input) => (input === '-' ? 'stdin' : basename(input, extname(input)));
  const out = values.out;
  if (out === '') throw usage('--out must name a file or a folder (or - for standard output)');
  if (out === '-' && inputs.length > 1) throw usage('--out - takes one input image (several need an --out folder)');
  if (out === '-' && process.stdout.isTTY)
    throw usage('--out - would write PNG bytes to the terminal: redirect or pipe standard output');
  const folder =
    out === undefined ? (inputs.length > 1 ? '.' : null) : inputs.length > 1 || out.endsWith('/') ? out : null;
  return inputs.map((input) => ({
    input,
    out: folder !== null ? join(folder, `${stem(input)}-condense.png`) : (out ?? `${stem(input)}-condense.png`),
    folder,
    npyBase: out === '-' ? stem(input) + '-condense' : null,
  }));
}

function options(values, positionals) {
  if (positionals.length === 0) throw usage('no input image given');
  if (positionals.filter((p) => p === '-').length > 1) throw usage('- (standard input) can be given once');
  const poolSize = integer('pool-size', values['pool-size'], 2, 1, MAX_SIDE);
  return {
    jobs: outputs(values, positionals),
    kernel: parseKernel(values.kernel),
    size: parseSize(values.size),
    channels: oneOf('channels', values.channels, ['gray', 'rgb'], 'gray'),
    padding: oneOf('padding', values.padding, ['same', 'valid'], 'same'),
    pool: {
      type: oneOf('pool', values.pool, ['max', 'avg'], 'max'),
      size: poolSize,
      stride: integer('stride', values.stride, poolSize, 1, MAX_SIDE),
      padding: oneOf('pool-padding', values['pool-padding'], ['same', 'valid'], 'same'),
    },
    times: integer('times', values.times, 1, 1, MAX_TIMES),
    colormap: oneOf('colormap', values.colormap, ['magma', 'viridis', 'gray'], 'magma'),
    panels: oneOf('panels', values.panels, ['all', 'condense'], 'all'),
    backend: oneOf('backend', values.backend, ['auto', 'simd', 'scalar'], 'auto'),
    json: values.json === true,
    npy: values.npy === true,
    fullDecode: values['full-decode'] === true,
  };
}

// ---- the pipeline ------------------------------------------------------------------------

const hw = (t) => [t.shape[1], t.shape[2]];
const shapeText = (t) => `[${t.shape.join(', ')}]`;

// The API's argument errors (TypeError/RangeError) come from the options: usage errors.
function api(fn) {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw usage(
        `${error.message}${/larger than the input/.test(error.message) ? ' (try --pool-padding same, a smaller --pool-size or fewer --times)' : ''}`,
      );
    }
    throw error;
  }
}

// The input map's rows: `{ shape: [1, h, w, channels], rows(a, b, out) }`. At the decoded
// image's own size fromImageData runs a band of pixel rows at a time (no resize: each band's
// floats are the whole map's); otherwise the resized map is made whole (it is the panel size).
function inputSource(cd, image, size, channels) {
  const { width, height } = image;
  if (size[0] === height && size[1] === width) {
    const { data } = image;
    const inC = image.channels;
    const row = width * inC;
    return {
      shape: [1, height, width, channels],
      rows: (a, b, out) =>
        cd.fromImageData(
          { data: data.subarray(a * row, b * row), width, height: b - a, channels: inC },
          { channels, out },
        ),
    };
  }
  const x = cd.fromImageData(image, { channels, size });
  image.data = null; // the decoded pixels are no longer needed: let them go
  const row = x.shape[2] * channels;
  return { shape: x.shape, rows: (a, b, out) => out.set(x.data.subarray(a * row, b * row)) };
}

// Computes the lesson's stages on `image` a band of rows at a time (./stream.mjs),
// their statistics, and with `npyBase` their .npy files. Returns the stages with `shape`,
// `stats` and `image` (rows coloured on demand for the panels).
function run(cd, image, o, npyBase) {
  const { data, channels } = image;
  // A canvas keeps no colour under full transparency; match what the browser demo sees.
  if (channels === 4) {
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] === 0) data[i - 3] = data[i - 2] = data[i - 1] = 0;
    }
  }
  // The size follows from the file's (a JPEG may have been decoded at a reduced scale).
  const size = targetSize(o.size, image.file.width, image.file.height);
  const rgb = o.channels === 'rgb';
  const maps = api(() => bandedLesson(cd, inputSource(cd, image, size, rgb ? 3 : 1), o));
  const conv = rgb ? 'depthwise conv' : 'conv';
  const stages = [
    { stage: 'input', title: 'Input', op: rgb ? 'rgb' : 'grayscale', label: rgb ? 'rgb' : 'grayscale' },
    {
      stage: 'filter',
      title: 'Filter',
      op: `${rgb ? 'depthwiseConv2d' : 'conv2d'} 3x3 ${o.kernel.name}, padding ${o.padding}`,
      label: `${conv} 3x3 ${o.kernel.name} ${o.padding}`,
    },
    { stage: 'detect', title: 'Detect', op: 'relu', label: 'relu' },
    ...maps.slice(3).map((_, i) => ({
      stage: `condense-${i + 1}`,
      title: i === 0 ? 'Condense' : `Condense x${i + 1}`,
      op: `${o.pool.type} pool ${o.pool.size}x${o.pool.size}, stride ${o.pool.stride}, padding ${o.pool.padding}`,
      label: `${o.pool.type} pool ${o.pool.size}x${o.pool.size} /${o.pool.stride} ${o.pool.padding}`,
    })),
  ];
  stages.forEach((s, i) => {
    s.map = maps[i];
    s.tensor = { shape: maps[i].shape };
    if (npyBase !== undefined) s.npy = `${npyBase}-${s.stage}.npy`;
  });
  const stats = api(() => statsPass(maps, npyBase === undefined ? undefined : stages.map((s) => s.npy)));
  stages.forEach((s, i) => {
    const { min, max, mean, finiteMin, finiteMax } = stats[i];
    s.stats = { min, max, mean };
    // The scale toImageData's autoscale takes (the finite range; 0, 0 when nothing is finite).
    const [fmin, fmax] = finiteMin <= finiteMax ? [finiteMin, finiteMax] : [0, 0];
    const input = s.stage === 'input';
    if (rgb) s.image = input ? imageInRows(cd, s.map, null, 0, 1) : imageInRows(cd, s.map, null, min, max);
    else s.image = input ? imageInRows(cd, s.map, 'gray', 0, 1) : imageInRows(cd, s.map, o.colormap, fmin, fmax);
  });
  return stages;
}

const size = (image) => ({ width: image.width, height: image.height });

// The picture's layout: its size, where each map goes, and `draw(band)`, which draws a band of
// its rows (with --panels condense only the last map, one pixel per value, no labels).
function render(stages, o) {
  const shown = o.panels === 'all' ? stages : stages.slice(-1);
  if (o.panels === 'condense') {
    const last = shown[0].image;
    const draw = (band) => blitScaled(band, last, 0, -band.top, last.width, last.height);
    return { width: last.width, height: last.height, rects: [{ x: 0, y: 0, ...size(last) }], shown, draw };
  }
  const panels = shown.map((s) => ({
    title: s.title,
    image: s.image,
    lines: [shapeText(s.tensor), s.label, `${num(s.image.vmin)} to ${num(s.image.vmax)}`],
  }));
  return { ...layoutPanels(panels, hw(stages[0].tensor)), shown };
}

// One input: decode, compute, render, write. Returns its report.
async function runJob(cd, o, job) {
  // A JPEG larger than twice the panel size decodes at 1/2, 1/4 or 1/8 scale, never below it.
  const image = await readImage(job.input, (width, height) =>
    o.size === null || o.fullDecode ? undefined : targetSize(o.size, width, height),
  );
  const npyBase = o.npy ? (job.npyBase ?? job.out.replace(/\.png$/i, '')) : undefined;
  const stages = run(cd, image, o, npyBase);
  const rendered = render(stages, o);
  // Sub filtering and zlib's run-length strategy: 6x faster than the adaptive filter on a
  // panel image, and within a few percent of its size (README "Image codecs"). The panels are
  // drawn (their maps computed again, a band at a time) and deflated in bands of rows: a
  // full-size picture (--size keep: 16104 x 3131, 200 MB of RGBA) is never held whole, and zlib
  // deflates one band while the next is drawn.
  const file = await openOutput(job.out);
  try {
    for (const s of stages) s.map.reset();
    // Bands of about 512 KB of RGBA (at most 64 rows): three are drawn or deflated at once, and
    // zlib's buffers for each come and go with it.
    const bandRows = Math.max(1, Math.min(64, Math.floor(2 ** 19 / (4 * rendered.width))));
    const options = { ...size(rendered), outChannels: 3, filter: 'sub', bandRows, write: file.write };
    await encodePngBands(options, rendered.draw);
  } finally {
    await file.close();
  }
  image.data = null;
  for (const s of stages) {
    s.image = { vmin: s.image.vmin, vmax: s.image.vmax };
    s.map = null;
  }
  return report(o, job, image, stages, rendered, cd);
}

async function main(argv) {
  const { values, positionals } = parseArgs(argv);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`condense ${pkg.version}\n`);
    return 0;
  }
  const o = options(values, positionals);
  const single = o.jobs.length === 1;
  if (single && o.jobs[0].folder === null && values.out !== undefined && values.out !== '-') {
    // An existing folder as the output of one image: write into it.
    const isDir = await stat(values.out).then(
      (st) => st.isDirectory(),
      () => false,
    );
    if (isDir) o.jobs[0].out = join(values.out, basename(o.jobs[0].out));
  }
  const folder = o.jobs[0].folder;
  if (folder !== null) {
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw fileError(`cannot create the folder ${folder}: ${error.message}`);
    }
  }
  let cd;
  try {
    // One thread: starting the threaded build's workers (191-266 ms vs 28-49 ms to load, README
    // "Start-up cost") costs more than threads save on a photo; the panels run targets 0.6 s.
    cd = await loadCondense({ simd: o.backend === 'auto' ? 'auto' : o.backend === 'simd', threads: false });
  } catch (error) {
    throw fileError(`cannot load the WebAssembly build: ${error.message}`);
  }
  const log = o.jobs.some((j) => j.out === '-') ? process.stderr : process.stdout;
  const reports = [];
  let failed = null;
  for (const job of o.jobs) {
    try {
      const r = await runJob(cd, o, job);
      reports.push(r);
      if (!o.json) log.write(`${table(r)}\n`);
    } catch (error) {
      // One unreadable file does not stop the others; usage errors and bugs stop everything.
      if (!(error instanceof UserError && error.code === 1) || o.jobs.length === 1) throw error;
      process.stderr.write(`condense: ${error.message}\n`);
      failed = error;
    }
  }
  if (o.json) log.write(`${JSON.stringify(single ? reports[0] : reports, null, 2)}\n`);
  return failed ? failed.code : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UserError) {
      process.stderr.write(
        `condense: ${error.message}\n${error.code === 2 ? 'Run condense --help for the options.\n' : ''}`,
      );
      process.exitCode = error.code;
    } else {
      process.stderr.write(
        `condense: internal error (please report it): ${error && error.stack ? error.stack : error}\n`,
      );
      process.exitCode = 3;
    }
  },
);
