// How fast each core runs compute-bound work, alone and with every core busy: case H (conv 3x3
// 64→64 'same' on a resident 1x56x56x64, single-thread SIMD build) in one process per core,
// pinned with `taskset`, first one core at a time, then all at once. On a machine whose cores
// are equal, every figure is about the same; on a virtual machine whose vCPUs share physical
// cores with other work, the figures spread (alone, or only all at once), and no split of an op
// across threads can beat its slowest thread's share (bench/README.md, "Threads").
//
//   node bench/lib/cores.mjs [seconds=2]           (Linux, needs taskset: util-linux)
//   node bench/lib/cores.mjs --child <seconds>     (one measurement; prints µs per call)
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

async function child(seconds) {
  const { loadCondense } = await import('../../bindings/node.mjs');
  const cd = await loadCondense({ threads: false });
  const fill = (n, f) => Float32Array.from({ length: n }, (_, i) => f(i));
  const x = cd.upload({ shape: [1, 56, 56, 64], data: fill(56 * 56 * 64, (i) => Math.sin(i)) });
  const filter = cd.upload({ shape: [3, 3, 64, 64], data: fill(9 * 64 * 64, (i) => Math.cos(i) / 24) });
  const conv = () => cd.conv2d(x, filter, { padding: 'same' }).dispose();
  for (let i = 0; i < 10; i++) conv();
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < seconds * 1000) {
    conv();
    calls += 1;
  }
  console.log(((performance.now() - start) / calls) * 1000);
}

function run(core, seconds) {
  return new Promise((resolve, reject) => {
    const p = spawn('taskset', ['-c', String(core), process.execPath, SELF, '--child', String(seconds)]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`core ${core}: exit ${code}`))));
  });
}

// The CPUs this process may run on ("pid N's current affinity list: 0-3,6").
function allowedCpus() {
  const probe = spawnSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error('cores.mjs needs taskset (apt-get install util-linux)');
  return probe.stdout
    .split(':')
    .pop()
    .trim()
    .split(',')
    .flatMap((part) => {
      const [lo, hi = lo] = part.split('-').map(Number);
      return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    });
}

async function main(seconds) {
  const cores = allowedCpus();
  const alone = [];
  for (const c of cores) alone.push(await run(c, seconds));
  const together = await Promise.all(cores.map((c) => run(c, seconds)));
  const fmt = (list) => list.map((us, i) => `core ${cores[i]} ${us.toFixed(0)} µs`).join(', ');
  console.log(`H conv, one thread per process, µs per call: alone: ${fmt(alone)}`);
  console.log(`all at once: ${fmt(together)}`);
  const best = Math.min(...alone);
  const capacity = together.reduce((sum, us) => sum + best / us, 0);
  const even = (cores.length * best) / Math.max(...together);
  console.log(
    `the most a split of one compute-bound op across ${cores.length} threads can gain over the fastest ` +
      `core alone: ${even.toFixed(2)}x in equal parts (the slowest core sets the pace), ` +
      `${capacity.toFixed(2)}x balanced perfectly`,
  );
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]));
else await main(Number(process.argv[2] ?? 2));
