// A Node program bundled with its dependencies (esbuild --platform=node, ESM or CommonJS) and run
// from another folder with the default entry: the .wasm is not next to it, and the error says
// what to do. argv: simd (true|false).
import { loadCondense } from 'condense';
import { probe } from './probe.mjs';

probe(loadCondense, { simd: process.argv[2] !== 'false' }).then((result) => console.log(JSON.stringify(result)));
