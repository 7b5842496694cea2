// Node-only facts for the report: the machine, library versions, ready times (each in a fresh
// child process) and the shipped files' sizes, raw and gzipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { median } from './timing.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    /* not Linux */
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function packageVersion(name) {
  try {
    return JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')).version;
  } catch {
    return null;
  }
}

export function machineInfo() {
  const emcc = tryRun('em++', ['--version']);
  return {
    nproc: Number(tryRun('nproc', [])) || cpus().length,
    cpu: cpuModel(),
    node: process.version,
    emcc: emcc ? emcc.split('\n')[0] : 'em++ not found',
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

// What dist/ is compiled from: the C++ in src/ and bindings/ and the build files. The JS API
// (bindings/**/*.mjs) is loaded from the working tree, not from dist/.
const COMPILED = [
  'src',
  ':(glob)bindings/**/*.cc',
  ':(glob)bindings/**/*.h',
  ':(glob)bindings/**/*.inc',
  'CMakeLists.txt',
  'cmake',
];

/** Which condense was measured: the commit, whether the C++ sources had uncommitted changes, dist/'s age. */
export function condenseBuild() {
  const commit = tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']);
  const dirty = tryRun('git', ['-C', ROOT, 'status', '--porcelain', '--', ...COMPILED]);
  let built = null;
  try {
    built = statSync(`${ROOT}dist/condense-simd.wasm`).mtime.toISOString();
  } catch {
    /* no build */
  }
  // The last commit that changed the sources: a dist/ older than it measures older kernels.
  const sourcesCommitted = tryRun('git', ['-C', ROOT, 'log', '-1', '--format=%cI', '--', ...COMPILED]);
  const stale = Boolean(built && sourcesCommitted && new Date(built) < new Date(sourcesCommitted));
  return {
    commit,
    uncommittedSourceChanges: dirty ? dirty.split('\n').length : 0,
    distBuilt: built,
    sourcesLastCommitted: sourcesCommitted,
    distOlderThanSources: stale,
  };
}

export function libraryVersions() {
  return {
    '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'),
    '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
    '@tensorflow/tfjs-backend-cpu': packageVersion('@tensorflow/tfjs-backend-cpu'),
    'onnxruntime-web': packageVersion('onnxruntime-web'),
  };
}

/** Median ms from import to first result, over `runs` fresh child processes per target. */
export function readyTimes(targets, runs) {
  const child = fileURLToPath(new URL('./ready-child.mjs', import.meta.url));
  const result = {};
  for (const target of targets) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, [child, target], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0)
        throw new Error(`ready time of ${target} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      times.push(JSON.parse(r.stdout.trim().split('\n').pop()).ms);
    }
    result[target] = { medianMs: median(times), runs: times.map((t) => Math.round(t * 10) / 10) };
  }
  return result;
}

function sizeOf(relPaths) {
  let raw = 0;
  let gzip = 0;
  for (const p of relPaths) {
    const bytes = readFileSync(`${ROOT}${p}`);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: relPaths, raw, gzip };
}

/** Each condense build's wasm + Emscripten glue, the shared JS API files, and the peers' wasm. */
export function sizes() {
  const out = {
    'condense-simd': sizeOf(['dist/condense-simd.wasm', 'dist/condense-simd.mjs']),
    'condense-scalar': sizeOf(['dist/condense-scalar.wasm', 'dist/condense-scalar.mjs']),
    'condense JS API (bindings/api.mjs, load.mjs, index.mjs)': sizeOf([
      'bindings/api.mjs',
      'bindings/load.mjs',
      'bindings/index.mjs',
    ]),
  };
  const peers = {
    'tfjs-backend-wasm (simd .wasm)': 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
    'onnxruntime-web (.wasm)': 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  };
  for (const [name, p] of Object.entries(peers)) if (existsSync(`${ROOT}${p}`)) out[name] = sizeOf([p]);
  return out;
}
