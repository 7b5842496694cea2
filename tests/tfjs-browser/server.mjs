// The browser test's static server: the repository's files on 127.0.0.1, read-only, only under
// the folders the page needs. Two views of the same files:
//   /...      as they are (the page resolves bare specifiers with its import map);
//   /esm/...  JavaScript with its bare specifiers rewritten to the import map's targets (also
//             under /esm/), as an ES-module CDN serves packages: a module worker has no import
//             map (Chromium resolves bare specifiers in workers against none), so this is how a
//             worker loads the same unbundled files.
// The page gets the demo's Content-Security-Policy (web/index.html's) as a header, with the
// import map's sha256 added to script-src (an inline import map is an inline script); the
// worker gets the demo's policy unchanged.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = 'tests/tfjs-browser/page/index.html';
const ALLOWED = [
  'node_modules/@tensorflow/tfjs-core/dist/',
  'node_modules/@tensorflow/tfjs-backend-cpu/dist/',
  'node_modules/@tensorflow/tfjs-layers/dist/',
  'node_modules/seedrandom/lib/',
  'bindings/',
  'dist/',
  'web/models/',
  'tests/tfjs-browser/page/',
];
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

/** The demo's CSP, read from web/index.html's <meta>. */
export function demoCsp() {
  const html = readFileSync(`${ROOT}web/index.html`, 'utf8');
  const m = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  if (!m) throw new Error('web/index.html has no Content-Security-Policy meta tag');
  return m[1];
}

/** The page's import map (its JSON text, exactly as in the file) and its parsed imports. */
export function importMap() {
  const html = readFileSync(`${ROOT}${PAGE}`, 'utf8');
  const m = /<script type="importmap">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error(`${PAGE} has no import map`);
  return { text: m[1], imports: JSON.parse(m[1]).imports };
}

/** The page's policy: the demo's, with the import map's hash allowed in script-src. */
export function pageCsp() {
  const hash = `'sha256-${createHash('sha256').update(importMap().text).digest('base64')}'`;
  const demo = demoCsp();
  if (!/script-src [^;]*/.test(demo)) throw new Error("the demo's CSP has no script-src");
  return demo.replace(/script-src [^;]*/, (d) => `${d} ${hash}`);
}

function rewriteBare(source, imports) {
  // import ... from 'x'; import 'x'; export ... from 'x'; import('x') — only the map's keys.
  return source.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g, (all, lead, q, spec) =>
    Object.hasOwn(imports, spec) ? `${lead}${q}/esm${imports[spec]}${q}` : all,
  );
}

export function startServer() {
  const { imports } = importMap();
  const csp = { page: pageCsp(), worker: demoCsp() };
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
      if (path === '/favicon.ico') {
        res.writeHead(204).end(); // asked for by the browser on its own
        return;
      }
      const esm = path.startsWith('/esm/');
      if (esm) path = path.slice(4);
      const rel = path.slice(1);
      const file = normalize(join(ROOT, rel));
      const info = await stat(file).catch(() => null);
      if (
        !file.startsWith(ROOT) ||
        file.includes(`${sep}..${sep}`) ||
        !ALLOWED.some((a) => rel.startsWith(a)) ||
        !info?.isFile()
      ) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      const ext = extname(file);
      let body = await readFile(file);
      if (esm && (ext === '.js' || ext === '.mjs')) body = rewriteBare(body.toString('utf8'), imports);
      const headers = { 'Content-Type': MIME[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-store' };
      if (ext === '.html') headers['Content-Security-Policy'] = csp.page;
      if (rel.endsWith('/worker.mjs')) headers['Content-Security-Policy'] = csp.worker;
      res.writeHead(200, headers).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        csp,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(r);
          }),
      });
    });
  });
}
