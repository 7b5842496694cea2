// A static file server for the demo: serves web/, bindings/, dist/ and bench/ (the browser
// benchmark page) of this repository on 127.0.0.1 with correct MIME types, cross-origin isolated
// (below). Usage: node scripts/serve.mjs [--port N] [--no-isolation] (PORT env too;
// 0 picks a free port). Prints the demo URL. Also used by the browser tests (startServer).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVED = ['web', 'bindings', 'dist', 'bench'];
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

// Cross-origin isolation (COOP + COEP): pages get SharedArrayBuffer, so loadCondense({ threads })
// can run the threaded build. Every response carries them (a page's subresources and workers must
// be same-origin or allow embedding, which everything served here is). isolated: false serves
// without them (a page then falls back to a single-thread build).
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function startServer({ port = 0, host = '127.0.0.1', root = ROOT, isolated = true } = {}) {
  const isolation = isolated ? ISOLATION_HEADERS : {};
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let path = decodeURIComponent(url.pathname);
      if (path === '/') {
        res.writeHead(302, { Location: '/web/', ...isolation });
        res.end();
        return;
      }
      if (path.endsWith('/')) path += 'index.html';
      const file = normalize(join(root, path));
      const top = path.split('/')[1];
      if (!file.startsWith(root) || !SERVED.includes(top) || file.includes(`${sep}..${sep}`)) {
        res.writeHead(404).end('not found');
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        // Extensionless LICENSE / README files are text (the demo links the model's licence).
        'Content-Type':
          MIME[extname(file)] ??
          (/^(LICENSE|README|NOTICE)$/.test(basename(file)) ? MIME['.txt'] : 'application/octet-stream'),
        'Cache-Control': 'no-cache',
        ...isolation,
      });
      res.end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : (process.env.PORT ?? 8080));
  const { url } = await startServer({ port, isolated: !process.argv.includes('--no-isolation') });
  console.log(`condense demo: ${url}/web/`);
  console.log('(Ctrl+C to stop)');
}
