// Every ```js / ```mjs snippet in README.md runs as it stands, against the packed package
// installed into a fresh project: in Node from a folder that holds a photo.jpg, or, when the
// line before the fence is <!-- readme-test: browser -->, as app.mjs of a page with an
// <input type="file"> and a <canvas> in headless Chromium (the test picks photo.jpg in the
// file input and waits for the canvas to show a map). A console.log line that ends with a
// `// text` comment must print exactly that text.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  freshProject,
  installTarball,
  launchChromium,
  packRepo,
  removeDir,
  ROOT,
  run,
  serveDir,
} from '../package-fixtures/harness.mjs';

const MARKER = '<!-- readme-test: browser -->';
const PHOTO = join(ROOT, 'tests/cli-fixtures/images/photo.jpg');

/** The README's js/mjs fences: { line, code, browser, heading }. */
export function snippets(markdown) {
  const lines = markdown.split('\n');
  const found = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^#+ /.test(lines[i])) heading = lines[i].replace(/^#+ /, '');
    const open = /^```(js|mjs|javascript)\s*$/.exec(lines[i]);
    if (!open) {
      if (/^```/.test(lines[i])) i = lines.indexOf('```', i + 1); // skip other fences whole
      continue;
    }
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `README.md line ${i + 1}: unclosed fence`);
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    found.push({
      line: i + 1,
      code: lines.slice(i + 1, end).join('\n'),
      browser: lines[before]?.trim() === MARKER,
      heading,
    });
    i = end;
  }
  return found;
}

/** The outputs the snippet promises: console.log lines ending in `// text`. */
function promised(code) {
  return code
    .split('\n')
    .filter((l) => /^\s*console\.log\(.*\);\s*\/\/ /.test(l))
    .map((l) => l.replace(/^.*\);\s*\/\/ /, ''));
}

const all = snippets(await readFile(join(ROOT, 'README.md'), 'utf8'));

describe('README.md snippets', () => {
  let pack;
  let dir;

  before(async () => {
    pack = await packRepo();
    dir = await freshProject('readme', { type: 'module' });
    await installTarball(dir, pack.tarball);
    // The TensorFlow.js backend's snippet needs its peers: the repository's own tfjs packages.
    await mkdir(join(dir, 'node_modules'), { recursive: true });
    await symlink(join(ROOT, 'node_modules/@tensorflow'), join(dir, 'node_modules/@tensorflow'), 'dir');
    await copyFile(PHOTO, join(dir, 'photo.jpg'));
  });
  after(async () => {
    await removeDir(dir);
    await removeDir(pack?.dir);
  });

  test('relative links point at files the tarball ships (they resolve on the package page)', async () => {
    const markdown = await readFile(join(ROOT, 'README.md'), 'utf8');
    const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    const relative = links.filter((l) => !/^(https?:|#|mailto:)/.test(l));
    assert.ok(relative.length >= 1, 'the README links to shipped files (LICENSE at least)');
    const shipped = new Set(pack.files);
    for (const link of relative) assert.ok(shipped.has(link.replace(/#.*$/, '')), `${link} is not in the tarball`);
    for (const link of links.filter((l) => l.startsWith('https://github.com/'))) {
      assert.match(link, /^https:\/\/github\.com\/condense-js\/condense\//, 'repository links name the repository');
    }
  });

  test('the package page: LICENSE (MIT) ships; repository, homepage and bugs name the repository', async () => {
    assert.ok(pack.files.includes('LICENSE'));
    assert.match(
      await readFile(join(ROOT, 'LICENSE'), 'utf8'),
      /^MIT License\n\nCopyright \(c\) 2026 condense contributors\n/,
    );
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.license, 'MIT');
    assert.deepEqual(pkg.repository, { type: 'git', url: 'git+https://github.com/condense-js/condense.git' });
    assert.equal(pkg.homepage, 'https://github.com/condense-js/condense#readme');
    assert.deepEqual(pkg.bugs, { url: 'https://github.com/condense-js/condense/issues' });
    const first = (await readFile(join(ROOT, 'README.md'), 'utf8')).split('\n').slice(0, 60).join('\n');
    for (const text of ['npm install condense', 'npm start', 'npm test', "from 'condense'"]) {
      assert.ok(first.includes(text), `${text} within the README's first 60 lines`);
    }
  });

  test('the README has Node and browser snippets, and every fence is found', () => {
    assert.ok(all.filter((s) => !s.browser).length >= 5, 'Node snippets');
    assert.ok(all.filter((s) => s.browser).length >= 1, 'browser snippets');
  });

  for (const s of all.filter((x) => !x.browser)) {
    test(`line ${s.line} (${s.heading}) runs in Node`, async () => {
      const file = join(dir, `snippet-${s.line}.mjs`);
      await writeFile(file, s.code);
      const r = await run(process.execPath, [file], { cwd: dir, timeout: 60_000 });
      assert.equal(r.code, 0, `README.md line ${s.line} failed:\n${r.stderr}`);
      assert.equal(r.stderr, '', 'nothing on standard error (no warnings)');
      const out = r.stdout.split('\n');
      for (const text of promised(s.code)) {
        assert.ok(out.includes(text), `prints ${JSON.stringify(text)}; it printed:\n${r.stdout}`);
      }
    });
  }

  describe('in Chromium', () => {
    let server;
    let browser;
    before(async () => {
      await writeFile(
        join(dir, 'index.html'),
        '<!doctype html><meta charset="utf-8"><input type="file"><canvas></canvas><script type="module" src="app.mjs"></script>',
      );
      server = await serveDir(dir);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const s of all.filter((x) => x.browser)) {
      test(`line ${s.line} (${s.heading}) runs in a page: pick photo.jpg, the canvas shows a map`, async () => {
        await writeFile(join(dir, 'app.mjs'), s.code);
        const page = await browser.newPage();
        const problems = [];
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('console', (m) => m.type() === 'error' && problems.push(`console.error: ${m.text()}`));
        page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
        try {
          await page.goto(`${server.url}/index.html`);
          // The module has run (and loaded condense) when its top-level await is done: wait for
          // the wasm, then pick the file.
          await page.waitForLoadState('networkidle');
          await page.setInputFiles('input[type=file]', PHOTO);
          await page.waitForFunction(() => document.querySelector('canvas').width !== 300, null, { timeout: 20_000 });
          const canvas = await page.evaluate(() => {
            const c = document.querySelector('canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let opaque = 0;
            const colours = new Set();
            for (let i = 0; i < d.length; i += 4) {
              if (d[i + 3] === 255) opaque++;
              colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            }
            return { width: c.width, height: c.height, opaque, colours: colours.size };
          });
          assert.deepEqual([canvas.width, canvas.height], [200, 200], 'a 400x400 input pooled 2x2');
          assert.equal(canvas.opaque, 200 * 200, 'every pixel drawn');
          assert.ok(canvas.colours > 20, `a map, not a flat fill (${canvas.colours} colours)`);
          assert.deepEqual(problems, []);
        } finally {
          await page.close();
        }
      });
    }
  });
});
