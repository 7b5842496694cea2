// The `condense` command line, run as a user runs it (a child process): the PNG it writes
// decodes, has the size its --json report gives, and each panel holds exactly the colours of
// the public API's own computation on the same pixels; JPEG input; --help; and the exit code
// and message for each kind of bad input, never with a stack trace.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCondense } from '../../bindings/node.mjs';
import { decodeImage, decodePngSync as decodePng } from '../../image/node.mjs';
import { FIXTURES, hasStack, runCli } from '../cli-fixtures/run.mjs';
import { testPixels, writePng } from '../cli-fixtures/pngwriter.mjs';

const EDGE = [-1, -1, -1, -1, 8, -1, -1, -1, -1];
const EMBOSS = [-2, -1, 0, -1, 1, 1, 0, 1, 2];

let dir;
let cd;
let cdScalar;
const inputs = {};

// The pipeline through the public API, as a user of the library would write it.
function pipeline(
  api,
  image,
  {
    size,
    kernel = EDGE,
    padding = 'same',
    pool = 'max',
    poolSize = 2,
    stride = poolSize,
    poolPadding = 'same',
    times = 1,
    colormap = 'magma',
  } = {},
) {
  const x = api.fromImageData(image, { channels: 1, size: size || [image.height, image.width] });
  const filtered = api.conv2d(x, { shape: [3, 3, 1, 1], data: Float32Array.from(kernel) }, { padding });
  const detected = api.relu(filtered);
  const maps = [x, filtered, detected];
  let prev = detected;
  for (let i = 0; i < times; i++) {
    const o = { poolSize, strides: stride, padding: poolPadding };
    prev = pool === 'max' ? api.maxPool2d(prev, o) : api.avgPool2d(prev, o);
    maps.push(prev);
  }
  const images = maps.map((m, i) =>
    api.toImageData(m, i === 0 ? { colormap: 'gray', vmin: 0, vmax: 1 } : { colormap }),
  );
  return { maps, images };
}

// Every pixel of `rect` in `png` against `image` shown at the rect's size by nearest neighbour.
function samePanel(png, rect, image, what) {
  for (let Y = 0; Y < rect.height; Y++) {
    const sy = Math.floor((Y * image.height) / rect.height);
    for (let X = 0; X < rect.width; X++) {
      const sx = Math.floor((X * image.width) / rect.width);
      const o = ((rect.y + Y) * png.width + rect.x + X) * 4;
      const s = (sy * image.width + sx) * 4;
      for (let c = 0; c < 3; c++) {
        if (png.data[o + c] !== image.data[s + c]) {
          assert.fail(
            `${what}: display pixel (${X}, ${Y}) channel ${'RGB'[c]} is ${png.data[o + c]}, the API's colour is ${image.data[s + c]}`,
          );
        }
      }
    }
  }
}

function sameImage(png, image, what) {
  assert.equal(png.width, image.width, `${what}: width`);
  assert.equal(png.height, image.height, `${what}: height`);
  samePanel(png, { x: 0, y: 0, width: image.width, height: image.height }, image, what);
}

async function ok(args) {
  const r = await runCli(args, { cwd: dir });
  assert.equal(r.code, 0, `condense ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  assert.equal(r.stderr, '', 'nothing on standard error');
  return r;
}

async function fails(args, code, message) {
  const r = await runCli(args, { cwd: dir });
  assert.equal(r.code, code, `condense ${args.join(' ')}: exit code (stderr: ${r.stderr})`);
  assert.match(r.stderr, message);
  assert.match(r.stderr, /^condense: /, 'the message starts with the program name');
  assert.ok(!hasStack(r.stderr), `no stack trace for a user error:\n${r.stderr}`);
  assert.equal(r.stdout.length, 0, 'nothing on standard output');
  return r;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'condense-cli-'));
  cd = await loadCondense({ threads: false });
  cdScalar = await loadCondense({ simd: false });
  for (const [name, w, h, seed] of [
    ['photo', 90, 70, 1],
    ['small', 40, 30, 2],
  ]) {
    const rgba = testPixels(w, h, seed);
    inputs[name] = { data: rgba, width: w, height: h, file: join(dir, `${name}.png`) };
    await writeFile(inputs[name].file, writePng({ width: w, height: h, rgba }));
  }
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('condense --help and --version', () => {
  test('--help prints every option and exits 0', async () => {
    const r = await ok(['--help']);
    const text = r.stdout.toString();
    assert.match(text, /^Usage: condense /);
    for (const option of [
      '--kernel',
      '--size',
      '--padding',
      '--pool ',
      '--pool-size',
      '--stride',
      '--pool-padding',
      '--times',
      '--colormap',
      '--panels',
      '--out',
      '--json',
      '--backend',
    ]) {
      assert.ok(text.includes(option), `--help mentions ${option}`);
    }
    assert.equal((await ok(['-h'])).stdout.toString(), text, '-h is --help');
  });

  test('--version prints the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal((await ok(['--version'])).stdout.toString(), `condense ${pkg.version}\n`);
  });
});

describe('condense: the panels match the API', () => {
  test("defaults (longer side 400, aspect kept; edge, same, max 2x2): four panels, each the API's colours", async () => {
    const out = join(dir, 'default.png');
    const r = await ok([inputs.photo.file, '--out', out, '--json']);
    const report = JSON.parse(r.stdout.toString());
    const png = decodePng(await readFile(out));
    assert.equal(png.width, report.output.width);
    assert.equal(png.height, report.output.height);
    assert.deepEqual(
      report.stages.map((s) => s.stage),
      ['input', 'filter', 'detect', 'condense-1'],
    );
    assert.deepEqual(
      report.stages.map((s) => s.shape),
      [
        [1, 311, 400, 1], // 90 x 70 scaled by 400 / 90: 70 * 4.44 = 311.1
        [1, 311, 400, 1],
        [1, 311, 400, 1],
        [1, 156, 200, 1],
      ],
    );
    const want = pipeline(cd, inputs.photo, { size: [311, 400] });
    report.stages.forEach((s, i) => {
      assert.deepEqual(
        s.panel && [s.panel.width, s.panel.height],
        [400, 311],
        `${s.stage} is shown at the input's size`,
      );
      assert.ok(s.panel.x + s.panel.width <= png.width && s.panel.y + s.panel.height <= png.height);
      samePanel(png, s.panel, want.images[i], s.stage);
    });
    const xs = report.stages.map((s) => s.panel.x);
    assert.deepEqual(
      [...xs].sort((a, b) => a - b),
      xs,
      'side by side, left to right',
    );
    assert.ok(png.width >= 4 * 400 && png.height > 311, 'room for titles and labels');
  });

  test("the --json statistics are those of the API's maps", async () => {
    const r = await ok([inputs.small.file, '--size', '48x48', '--out', join(dir, 'stats.png'), '--json']);
    const report = JSON.parse(r.stdout.toString());
    const want = pipeline(cd, inputs.small, { size: [48, 48] });
    report.stages.forEach((s, i) => {
      const data = want.maps[i].data;
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (const v of data) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
      }
      assert.deepEqual([s.min, s.max], [min, max], s.stage);
      assert.ok(Math.abs(s.mean - sum / data.length) <= 1e-9 * Math.max(1, Math.abs(sum)), `${s.stage} mean`);
      assert.deepEqual([s.vmin, s.vmax], [want.images[i].vmin, want.images[i].vmax]);
    });
    assert.equal(report.backend, cd.backend);
    assert.deepEqual(report.input, {
      file: inputs.small.file,
      format: 'PNG',
      width: 40,
      height: 30,
      channels: 4,
      colorType: 'RGBA',
      bitDepth: 8,
      interlaced: false,
      alpha: true,
      gray: false,
    });
    assert.deepEqual(report.kernel, { name: 'edge', values: EDGE });
  });

  const variants = [
    [
      'avg pool 3x3 stride 2, valid padding, emboss, viridis',
      [
        '--kernel',
        'emboss',
        '--pool',
        'avg',
        '--pool-size',
        '3',
        '--stride',
        '2',
        '--pool-padding',
        'valid',
        '--padding',
        'valid',
        '--colormap',
        'viridis',
      ],
      {
        kernel: EMBOSS,
        pool: 'avg',
        poolSize: 3,
        stride: 2,
        poolPadding: 'valid',
        padding: 'valid',
        colormap: 'viridis',
      },
    ],
    [
      'a custom kernel with negative numbers as a separate argument, --times 3',
      ['--kernel', '0,-1,0,-1,4.5,-1,0,-1,0', '--times', '3'],
      { kernel: [0, -1, 0, -1, 4.5, -1, 0, -1, 0], times: 3 },
    ],
    [
      '--size WxH is width x height; --kernel=exercise; gray',
      ['--size', '50x36', '--kernel=exercise', '--colormap', 'GRAY'],
      { size: [36, 50], kernel: EMBOSS, colormap: 'gray' },
    ],
    [
      '--size keep, sobel-left, stride 1',
      ['--size', 'keep', '--kernel', 'sobel-left', '--stride', '1'],
      { size: [30, 40], kernel: [1, 0, -1, 2, 0, -2, 1, 0, -1], stride: 1 },
    ],
  ];
  for (const [what, args, options] of variants) {
    test(`--panels condense, ${what}: the map at one pixel per value, exactly the API's colours`, async () => {
      const out = join(dir, 'variant.png');
      const r = await ok([
        inputs.small.file,
        '--size',
        '64x64',
        ...args,
        '--panels',
        'condense',
        '--out',
        out,
        '--json',
      ]);
      const want = pipeline(cd, inputs.small, { size: [64, 64], ...options });
      const last = want.maps[want.maps.length - 1];
      const report = JSON.parse(r.stdout.toString());
      assert.deepEqual(report.stages.at(-1).shape, last.shape);
      assert.equal(report.stages.length, 3 + (options.times || 1));
      sameImage(decodePng(await readFile(out)), want.images[want.images.length - 1], what);
    });
  }

  test('--times 2 with --panels all: five panels, Condense x2 half the size of Condense', async () => {
    const out = join(dir, 'times.png');
    const r = await ok([inputs.small.file, '--size', '64x64', '--times', '2', '--out', out, '--json']);
    const report = JSON.parse(r.stdout.toString());
    assert.deepEqual(
      report.stages.map((s) => s.shape[1]),
      [64, 64, 64, 32, 16],
    );
    const want = pipeline(cd, inputs.small, { size: [64, 64], times: 2 });
    const png = decodePng(await readFile(out));
    report.stages.forEach((s, i) => samePanel(png, s.panel, want.images[i], s.stage));
  });

  test("--backend scalar runs the scalar build and gives the scalar build's result", async () => {
    const out = join(dir, 'scalar.png');
    const r = await ok([
      inputs.small.file,
      '--size',
      '64x64',
      '--backend',
      'scalar',
      '--panels',
      'condense',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(JSON.parse(r.stdout.toString()).backend, 'wasm-scalar');
    const want = pipeline(cdScalar, inputs.small, { size: [64, 64] });
    sameImage(decodePng(await readFile(out)), want.images.at(-1), 'scalar');
  });

  test('fully transparent pixels count as black (as a browser canvas gives them)', async () => {
    const w = 16;
    const h = 12;
    const rgba = testPixels(w, h, 5);
    for (let i = 0; i < rgba.length; i += 12) {
      rgba[i] = rgba[i + 1] = rgba[i + 2] = 255;
      rgba[i + 3] = 0;
    }
    const file = join(dir, 'alpha.png');
    await writeFile(file, writePng({ width: w, height: h, rgba }));
    const out = join(dir, 'alpha-out.png');
    await ok([
      file,
      '--size',
      'keep',
      '--kernel',
      'identity',
      '--pool-size',
      '1',
      '--colormap',
      'gray',
      '--panels',
      'condense',
      '--out',
      out,
    ]);
    const black = Uint8Array.from(rgba);
    for (let i = 0; i < black.length; i += 4) if (black[i + 3] === 0) black[i] = black[i + 1] = black[i + 2] = 0;
    const want = pipeline(
      cd,
      { data: black, width: w, height: h },
      { kernel: [0, 0, 0, 0, 1, 0, 0, 0, 0], poolSize: 1, colormap: 'gray' },
    );
    sameImage(decodePng(await readFile(out)), want.images.at(-1), 'transparent -> black');
  });

  test('interlaced 16-bit input (pypng) gives the same result as its pixels', async () => {
    const name = 'rgba16-adam7.png';
    const expected = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'))[name];
    const rgba = Uint8Array.from(Buffer.from(expected.rgba, 'base64'));
    for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3] === 0) rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
    const out = join(dir, 'adam7.png');
    await ok([join(FIXTURES, name), '--size', '26x26', '--panels', 'condense', '--out', out]);
    const want = pipeline(cd, { data: rgba, width: expected.width, height: expected.height }, { size: [26, 26] });
    sameImage(decodePng(await readFile(out)), want.images.at(-1), name);
  });

  test('--out - writes the PNG to standard output and the table to standard error', async () => {
    const r = await runCli([inputs.small.file, '--size', '32x32', '--panels', 'condense', '--out', '-'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const png = decodePng(r.stdout);
    assert.deepEqual([png.width, png.height], [16, 16]);
    assert.match(r.stderr, /condense-1 +\[1, 16, 16, 1\]/);
    assert.match(r.stderr, /wrote standard output/);
  });

  test('without --out: <input name>-condense.png in the working directory, and a table of shapes', async () => {
    const r = await ok([inputs.small.file, '--size', '32x32']);
    const text = r.stdout.toString();
    assert.match(text, /small\.png: 40x30 PNG RGBA 8-bit \(wasm-(simd|scalar)\)/);
    assert.match(text, /^filter +\[1, 32, 32, 1\] +conv2d 3x3 edge, padding same +min -?[\d.e+-]+ +max /m);
    assert.match(text, /^condense-1 +\[1, 16, 16, 1\] +max pool 2x2, stride 2, padding same/m);
    assert.match(text, /wrote small-condense\.png \(\d+x\d+ PNG\)/);
    const png = decodePng(await readFile(join(dir, 'small-condense.png')));
    assert.ok(png.width > 4 * 32 && png.height > 32);
  });
});

describe('condense: JPEG input (libjpeg-turbo in wasm)', () => {
  // libjpeg's decoding of the fixtures (Pillow's, upright), RGBA.
  const libjpeg = async (name) => {
    const want = JSON.parse(await readFile(join(FIXTURES, 'expected.json'), 'utf8'))[name];
    return { data: new Uint8Array(Buffer.from(want.rgba, 'base64')), width: want.width, height: want.height };
  };

  test("a baseline JPEG (libjpeg, 4:2:0) gives the API's result on the decoded pixels", async () => {
    const decoded = await libjpeg('photo.jpg');
    const out = join(dir, 'jpeg.png');
    const r = await ok([
      join(FIXTURES, 'photo.jpg'),
      '--size',
      '64x64',
      '--panels',
      'condense',
      '--out',
      out,
      '--json',
    ]);
    assert.deepEqual(JSON.parse(r.stdout.toString()).input, {
      file: join(FIXTURES, 'photo.jpg'),
      format: 'JPEG',
      channels: 3,
      orientation: 1,
      scale: 1,
      width: 90,
      height: 70,
    });
    const want = pipeline(cd, decoded, { size: [64, 64] });
    sameImage(decodePng(await readFile(out)), want.images.at(-1), 'jpeg');
  });

  test('a JPEG at least twice the panel size decodes at a reduced DCT scale: the API on decodeImage(minSize)', async () => {
    // photo.jpg is 90 x 70; --size 30 asks for 30 x 23: 1/2 scale (45 x 35) still covers it, 1/4 (23 x 18) does not.
    const bytes = await readFile(join(FIXTURES, 'photo.jpg'));
    const decoded = await decodeImage(bytes, { minSize: [23, 30], channels: 4 });
    assert.deepEqual([decoded.width, decoded.height, decoded.info.scale], [45, 35, 1 / 2]);
    const out = join(dir, 'jpeg-half.png');
    const args = [join(FIXTURES, 'photo.jpg'), '--size', '30', '--panels', 'condense', '--out', out];
    const r = await ok([...args, '--json']);
    const input = JSON.parse(r.stdout.toString()).input;
    assert.deepEqual([input.width, input.height, input.scale], [90, 70, 1 / 2], 'the file size, and the scale used');
    const want = pipeline(cd, decoded, { size: [23, 30] });
    sameImage(decodePng(await readFile(out)), want.images.at(-1), 'jpeg at 1/2');
    assert.match((await ok(args)).stdout.toString(), /photo\.jpg: 90x70 JPEG, decoded at 1\/2 scale/);
    // --full-decode and --size keep never scale.
    const full = await ok([...args, '--full-decode', '--json']);
    assert.equal(JSON.parse(full.stdout.toString()).input.scale, 1);
    sameImage(
      decodePng(await readFile(out)),
      pipeline(cd, await libjpeg('photo.jpg'), { size: [23, 30] }).images.at(-1),
      'full',
    );
    const keep = await ok([
      join(FIXTURES, 'photo.jpg'),
      '--size',
      'keep',
      '--panels',
      'condense',
      '--out',
      out,
      '--json',
    ]);
    assert.equal(JSON.parse(keep.stdout.toString()).input.scale, 1);
  });

  test('a JPEG with EXIF orientation 6 (a phone held upright) is turned upright first', async () => {
    const upright = await libjpeg('rotated-6.jpg'); // stored 40 x 30, seen 30 x 40
    assert.deepEqual([upright.width, upright.height], [30, 40]);
    const out = join(dir, 'rotated.png');
    const r = await ok([join(FIXTURES, 'rotated-6.jpg'), '--size', 'keep', '--panels', 'condense', '--out', out]);
    assert.match(r.stdout.toString(), /rotated-6\.jpg: 30x40 JPEG, EXIF orientation 6 applied/);
    assert.match(r.stdout.toString(), /^input +\[1, 40, 30, 1\]/m);
    const want = pipeline(cd, upright);
    sameImage(decodePng(await readFile(out)), want.images.at(-1), 'upright');
  });
});

describe('condense: errors', () => {
  let corrupt;
  let truncated;
  before(async () => {
    const good = await readFile(inputs.small.file);
    corrupt = join(dir, 'corrupt.png');
    const bad = Buffer.from(good);
    bad[good.indexOf('IDAT') + 10] ^= 1;
    await writeFile(corrupt, bad);
    truncated = join(dir, 'truncated.png');
    await writeFile(truncated, good.subarray(0, good.length - 40));
    await writeFile(join(dir, 'empty.png'), Buffer.alloc(0));
    await writeFile(join(dir, 'notes.png'), 'these are my notes, not a picture\n');
    await writeFile(join(dir, 'anim.gif'), Buffer.from('GIF89a\x10\x00\x10\x00\x00\x00\x00', 'latin1'));
    const jpg = await readFile(join(FIXTURES, 'photo.jpg'));
    await writeFile(join(dir, 'cut.jpg'), jpg.subarray(0, jpg.length >> 1));
    await mkdir(join(dir, 'folder.png'));
  });

  const fileErrors = [
    ['a missing file', ['missing.png'], /cannot read missing\.png: no such file/],
    ['a directory', ['folder.png'], /cannot read folder\.png: it is a directory/],
    ['an empty file', ['empty.png'], /cannot read empty\.png: the file is empty/],
    ['a PNG with a damaged byte', ['corrupt.png'], /cannot decode corrupt\.png: corrupt: CRC mismatch in chunk IDAT/],
    ['a truncated PNG', ['truncated.png'], /cannot decode truncated\.png: truncated/],
    ['a truncated JPEG', ['cut.jpg'], /cannot decode cut\.jpg: corrupt or unsupported JPEG/],
    [
      'a text file named .png',
      ['notes.png'],
      /cannot read notes\.png: not a PNG or JPEG image \(it starts with "these are my not/,
    ],
    ['a GIF', ['anim.gif'], /cannot read anim\.gif: it is a GIF image; condense reads PNG and JPEG/],
    [
      'an output folder that does not exist',
      ['small.png', '--out', 'no/such/dir/out.png'],
      /cannot write no\/such\/dir\/out\.png: no such directory/,
    ],
  ];
  for (const [what, args, message] of fileErrors) {
    test(`${what}: exit 1, a message naming the file`, async () => {
      await fails(args, 1, message);
    });
  }

  const usageErrors = [
    ['no input', [], /no input image given/],
    ['standard input twice', ['-', '-'], /- \(standard input\) can be given once/],
    ['--out - with two inputs', ['a.png', 'b.png', '--out', '-'], /--out - takes one input image/],
    ['an unknown --channels', ['small.png', '--channels', 'rgba'], /--channels must be gray or rgb/],
    ['an unknown option', ['small.png', '--bogus'], /unknown option --bogus/],
    ['an unknown short option', ['small.png', '-x'], /unknown option -x/],
    ['an option without its value', ['small.png', '--kernel'], /--kernel needs a value/],
    ['an unknown kernel', ['small.png', '--kernel', 'laplace'], /--kernel must be one of edge, emboss/],
    [
      '8 kernel numbers',
      ['small.png', '--kernel', '1,2,3,4,5,6,7,8'],
      /exactly 9 comma-separated numbers.*got 8 values/,
    ],
    ['a kernel with a word in it', ['small.png', '--kernel', '1,2,3,4,x,6,7,8,9'], /exactly 9 comma-separated numbers/],
    ['--size 0', ['small.png', '--size', '0x0'], /--size must be N, WxH/],
    ['--size 3x', ['small.png', '--size', '3x'], /--size must be N, WxH/],
    ['--pool min', ['small.png', '--pool', 'min'], /--pool must be max or avg \(got "min"\)/],
    ['--padding full', ['small.png', '--padding', 'full'], /--padding must be same or valid/],
    ['--times 0', ['small.png', '--times', '0'], /--times must be an integer from 1 to 20/],
    ['--stride -1', ['small.png', '--stride', '-1'], /--stride must be an integer/],
    ['--panels some', ['small.png', '--panels', 'some'], /--panels must be all or condense/],
    ['--json=yes', ['small.png', '--json=yes'], /--json takes no value/],
    [
      'a pool window larger than the map with valid padding',
      ['small.png', '--size', '8x8', '--pool-size', '16', '--pool-padding', 'valid'],
      /maxPool2d: poolSize height \(16\) is larger than the input height \(8\).*--pool-padding same/,
    ],
  ];
  for (const [what, args, message] of usageErrors) {
    test(`${what}: exit 2, what to fix, and a pointer to --help`, async () => {
      const r = await fails(args, 2, message);
      assert.match(r.stderr, /Run condense --help for the options\./);
    });
  }

  test('a failed run leaves no output file behind', async () => {
    const out = join(dir, 'never.png');
    await fails(['corrupt.png', '--out', out], 1, /CRC mismatch/);
    await assert.rejects(stat(out), { code: 'ENOENT' });
  });
});
