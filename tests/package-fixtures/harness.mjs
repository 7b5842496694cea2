// Shared helpers for the packaging tests in tests/package/: pack the repository with npm,
// install the tarball into fresh temporary projects, run consumers with a PATH that holds
// node and nothing else, serve folders over HTTP and drive Debian's Chromium.
//
// Registry installs (esbuild, vite, typescript, playwright-core) go through npm's own cache
// with --prefer-offline, and the test harness's own tools live in
// os.tmpdir()/condense-pkg-cache/<name>@<version>/ so re-runs are quick; every install falls
// back to the registry when the cache is empty, so correctness never depends on it.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./', import.meta.url));
export const CACHE = join(tmpdir(), 'condense-pkg-cache');

// The known result every consumer computes (see probe.mjs).
export const EXPECTED = {
  maxPool: { shape: [1, 2, 2, 1], data: [5, 7, 13, 15] },
  conv: { shape: [1, 2, 2, 1], data: [45, 54, 81, 90] },
  globalAvg: { shape: [1, 1], data: [7.5] },
};

export const BACKEND = { true: 'wasm-simd', false: 'wasm-scalar' };

const DIST_FILES = [
  'condense-simd.mjs',
  'condense-simd.wasm',
  'condense-scalar.mjs',
  'condense-scalar.wasm',
  'condense-inline.mjs',
];

// Throws a clear message when dist/ has not been built.
export function requireDist() {
  const missing = DIST_FILES.filter((f) => !existsSync(join(ROOT, 'dist', f)));
  if (missing.length > 0) {
    throw new Error(
      `dist/ is not built (missing ${missing.join(', ')}): run scripts/build.sh first, then re-run the packaging tests`,
    );
  }
}

// Child processes that run npm get the user's environment minus what an outer `npm test`
// injected about THIS package (npm_package_*, npm_lifecycle_*), so a consumer project
// behaves as if set up by hand.
function npmEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package|lifecycle)_/i.test(k) || k === 'INIT_CWD' || k === 'NODE_PATH') continue;
    env[k] = v;
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

// npm is a node script: run it with this node so the consumer never depends on PATH order.
export const NPM_CLI = (() => {
  const candidates = [
    join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/share/nodejs/npm/bin/npm-cli.js',
  ];
  return candidates.find((c) => existsSync(c));
})();

export function run(cmd, args, { cwd, env, timeout = 120_000, input } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

function describeRun(what, r) {
  return `${what} exited with ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
}

export async function npm(args, { cwd, env = {}, timeout = 180_000 } = {}) {
  const cmd = NPM_CLI ? process.execPath : 'npm';
  const argv = NPM_CLI ? [NPM_CLI, ...args] : args;
  const r = await run(cmd, argv, { cwd, env: npmEnv(env), timeout });
  if (r.code !== 0) throw new Error(describeRun(`npm ${args.join(' ')}`, r));
  return r;
}

// The last tarball packed (CACHE/pack/), reused while no packed file and no folder holding one
// changed since: the test files of tests/package share one `npm pack`.
async function sharedPack() {
  const slot = join(CACHE, 'pack');
  try {
    const info = JSON.parse(await readFile(join(slot, 'info.json'), 'utf8'));
    const packedAt = (await stat(join(slot, info.filename))).mtimeMs;
    const paths = info.files.map((f) => f.path);
    const folders = [...new Set(paths.map((f) => dirname(f)))];
    for (const p of [...paths, ...folders]) {
      if ((await stat(join(ROOT, p))).mtimeMs >= packedAt) return null;
    }
    return { info, tarball: join(slot, info.filename) };
  } catch {
    return null;
  }
}

// `npm pack` of the repository (or the shared copy of an up-to-date one) into a new temp dir;
// returns the tarball's path and file list.
export async function packRepo() {
  requireDist();
  const dir = await mkdtemp(join(tmpdir(), 'condense-pack-'));
  const shared = await sharedPack();
  // (another test process may replace the shared copy meanwhile: then pack anew)
  const copied =
    shared &&
    (await cp(shared.tarball, join(dir, shared.info.filename)).then(
      () => true,
      () => false,
    ));
  if (!copied) {
    // --ignore-scripts: dist/ was checked above; never start a build from a test.
    const r = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
    const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
    const staging = join(CACHE, `.pack-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await cp(join(dir, info.filename), join(staging, info.filename));
    await writeFile(join(staging, 'info.json'), JSON.stringify(info));
    await rm(join(CACHE, 'pack'), { recursive: true, force: true });
    await rename(staging, join(CACHE, 'pack')).catch(() => rm(staging, { recursive: true, force: true }));
    return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path), dir, info };
  }
  const { info } = shared;
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path), dir, info };
}

// A fresh project in a new temp dir with its own package.json.
export async function freshProject(name, pkg = {}) {
  const dir = await mkdtemp(join(tmpdir(), `condense-${name}-`));
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: `condense-consumer-${name}`, version: '1.0.0', private: true, ...pkg }, null, 2),
  );
  return dir;
}

// Installs the condense tarball (it has no dependencies, so --offline always works).
export async function installTarball(dir, tarball) {
  await npm(['install', tarball, '--no-audit', '--no-fund', '--offline', '--no-package-lock'], { cwd: dir });
}

// Installs registry packages into a project, using npm's cache first.
export async function installFromRegistry(dir, specs, { dev = true } = {}) {
  await npm(['install', ...(dev ? ['--save-dev'] : []), ...specs, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: dir,
    timeout: 300_000,
  });
}

export async function copyFixtures(from, to) {
  await cp(join(FIXTURES, from), to, { recursive: true });
}

// An environment for consumer processes: PATH holds a folder with only a `node` link in it,
// and nothing else from the caller's environment (no NODE_PATH, no emscripten variables).
// One per test process, removed when it exits.
let bare;
export async function bareEnv() {
  if (!bare) {
    const dir = await mkdtemp(join(tmpdir(), 'condense-bare-'));
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    bare = { PATH: bin, HOME: dir, LANG: 'C' };
  }
  return { ...bare };
}

// Runs a consumer script with the bare environment; returns the parsed last JSON line.
export async function runConsumer(dir, script, args = []) {
  const env = await bareEnv();
  const r = await run(join(env.PATH, 'node'), [script, ...args], { cwd: dir, env, timeout: 60_000 });
  if (r.code !== 0) throw new Error(describeRun(`node ${script}`, r));
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

// ---- harness tools cached by version -------------------------------------------------------

// Installs `name@version` once into CACHE/<name>@<version> (atomically) and returns a require
// rooted there.
export async function cachedTool(name, version) {
  const target = join(CACHE, `${name}@${version}`.replace(/[^\w.@-]/g, '_'));
  const marker = join(target, '.complete');
  if (!existsSync(marker)) {
    await mkdir(CACHE, { recursive: true });
    const staging = await mkdtemp(join(CACHE, `.staging-${name.replace('/', '_')}-`));
    await writeFile(join(staging, 'package.json'), JSON.stringify({ name: 'condense-tool-cache', private: true }));
    await npm(['install', `${name}@${version}`, '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock'], {
      cwd: staging,
      timeout: 300_000,
    });
    await writeFile(join(staging, '.complete'), `${name}@${version}\n`);
    try {
      await rename(staging, target);
    } catch {
      // Another test process won the race: use its copy.
      await rm(staging, { recursive: true, force: true });
    }
  }
  return createRequire(join(target, 'package.json'));
}

// playwright-core: the repository's own devDependency when installed, else a cached copy of
// the version range package.json asks for.
export async function loadPlaywright() {
  try {
    const req = createRequire(join(ROOT, 'package.json'));
    return await import(pathToFileURL(req.resolve('playwright-core')).href);
  } catch {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const range = pkg.devDependencies?.['playwright-core'] ?? 'latest';
    const req = await cachedTool('playwright-core', range);
    return await import(pathToFileURL(req.resolve('playwright-core')).href);
  }
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  }
  const pw = await loadPlaywright();
  const chromium = pw.chromium ?? pw.default?.chromium;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// ---- a tiny static server ------------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

// Serves `root` on 127.0.0.1:<random port>. headers(path) may add response headers; every
// request path is recorded in `requests`. With `fallback` (e.g. 'index.html'), a missing file
// gets that page with status 200, as single-page-app hosting and many CDNs do.
export function serveDir(root, { headers = () => ({}), fallback } = {}) {
  const base = resolve(root) + sep;
  const requests = [];
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let path = decodeURIComponent(url.pathname);
      requests.push(path);
      if (path === '/favicon.ico') {
        res.writeHead(204).end(); // browsers ask for it on their own; keep the console clean
        return;
      }
      if (path.endsWith('/')) path += 'index.html';
      let file = normalize(join(base, path));
      let info = file.startsWith(base) ? await stat(file).catch(() => null) : null;
      if ((!info || !info.isFile()) && fallback) {
        file = join(base, fallback);
        info = await stat(file).catch(() => null);
      }
      if (!info || !info.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${path}`);
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...headers(path),
      });
      res.end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(r);
          }),
      });
    });
  });
}

// Opens `url` in a new page, waits until the page sets window.__condense (the probe result
// or { error }), and returns it with every console error, page error, CSP violation and
// failed request seen on the way.
export async function runPage(browser, url, { timeout = 20_000 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('worker', (w) =>
    w.on('console', (m) => {
      if (m.type() === 'error') problems.push(`worker console.error: ${m.text()}`);
    }),
  );
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__condense !== undefined, null, { timeout });
    const result = await page.evaluate(() => window.__condense);
    const violations = await page.evaluate(() => window.__cspViolations ?? []);
    return { result, problems, violations };
  } catch (error) {
    error.message += `\nproblems seen on ${url}:\n${problems.join('\n')}`;
    throw error;
  } finally {
    await context.close();
  }
}

// Asserts the probe's known result.
export function checkProbe(assert, result, { simd } = {}) {
  assert.equal(result.error, undefined, `the page reported an error: ${result.error}`);
  if (simd !== undefined) assert.equal(result.backend, BACKEND[simd]);
  assert.deepEqual(result.maxPool, EXPECTED.maxPool);
  assert.deepEqual(result.conv, EXPECTED.conv);
  assert.deepEqual(result.globalAvg, EXPECTED.globalAvg);
}

export async function removeDir(dir) {
  if (dir) await rm(dir, { recursive: true, force: true });
}

// ---- pages for bundles ---------------------------------------------------------------------

export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

// A page that runs one script (a bundle), under `csp` (null: none, as dev servers need).
export function pageHtml(script, { module = true, csp = STRICT_CSP } = {}) {
  // Without a CSP (dev servers, which answer /favicon.ico with a 404): an empty icon.
  const meta = csp
    ? `\n  <meta http-equiv="Content-Security-Policy" content="${csp}">`
    : '\n  <link rel="icon" href="data:,">';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">${meta}
  <title>condense: bundled</title>
  <script ${module ? 'type="module"' : 'defer'} src="${script}"></script>
</head>
<body><p>condense through a bundler</p></body>
</html>
`;
}
