// A Node program bundled with its dependencies (esbuild --platform=node) and run from another
// folder: `condense/inline` needs no file; plain `condense` must say what to do instead.
// argv: simd (true|false).
import { loadCondense as loadInline } from 'condense/inline';
import { loadCondense as loadDefault } from 'condense';
import { probe } from './probe.mjs';

const simd = process.argv[2] !== 'false';
const inline = await probe(loadInline, { simd });
const plain = await probe(loadDefault, { simd });
console.log(JSON.stringify({ inline, plain }));
