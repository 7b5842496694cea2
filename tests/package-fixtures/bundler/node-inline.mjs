// A Node program bundled with its dependencies (esbuild --platform=node, ESM or CommonJS) and run
// from another folder: 'condense/inline' needs no file next to it. argv: simd (true|false).
import { loadCondense } from 'condense/inline';
import { probe } from './probe.mjs';

probe(loadCondense, { simd: process.argv[2] !== 'false' }).then((result) => console.log(JSON.stringify(result)));
