import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context, Hono } from 'hono';
import type { AppEnv } from './env.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Mantine sets CSS variables through style attributes and tags, hence 'unsafe-inline' for styles
// only; scripts come from our origin alone.
const HTML_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

interface Asset {
  file: string;
  gzipped: string | null;
  type: string;
}

function listAssets(root: string, dir = root, found = new Map<string, Asset>()): Map<string, Asset> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listAssets(root, full, found);
    else if (!entry.name.endsWith('.gz')) {
      const gz = `${full}.gz`;
      found.set(`/${path.relative(root, full).split(path.sep).join('/')}`, {
        file: full,
        gzipped: existsSync(gz) ? gz : null,
        type: TYPES[path.extname(entry.name)] ?? 'application/octet-stream',
      });
    }
  }
  return found;
}

/**
 * Serves the built web app (dist/web) on the API's origin: files as built (pre-gzipped copies
 * when the browser accepts them; hashed assets cached for a year), and index.html for every other
 * non-API path so the client-side router can take it. Without a build, `fallback` explains.
 */
export function mountWebApp(app: Hono<AppEnv>, distDir: string, fallback: () => string) {
  let assets = new Map<string, Asset>();
  // Rebuilding the web app (`npm run build`) replaces every file under a running server; a request
  // for a file that is gone re-reads the listing once instead of failing.
  const rescan = () => {
    assets = existsSync(path.join(distDir, 'index.html')) ? listAssets(distDir) : new Map();
  };
  rescan();

  const read = (asset: Asset, gzip: boolean) => {
    const file = gzip && asset.gzipped ? asset.gzipped : asset.file;
    try {
      return { bytes: readFileSync(file), gzip: file !== asset.file };
    } catch {
      return null;
    }
  };

  const send = (c: Context, pathname: string, cache: string) => {
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    let asset = assets.get(pathname);
    let body = asset && read(asset, gzip);
    if (!body) {
      rescan();
      asset = assets.get(pathname);
      body = asset && read(asset, gzip);
    }
    if (!asset || !body) return null;
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': cache,
      vary: 'accept-encoding',
      ...(asset.type.startsWith('text/html') ? HTML_HEADERS : {}),
    };
    if (body.gzip) headers['content-encoding'] = 'gzip';
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(body.bytes), 200, headers);
  };

  app.on(['GET', 'HEAD'], '*', (c, next) => {
    const pathname = c.req.path;
    if (pathname === '/api' || pathname.startsWith('/api/')) return next();
    if (pathname !== '/index.html' && (assets.has(pathname) || pathname.startsWith('/assets/'))) {
      const cache = pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      const sent = send(c, pathname, cache);
      // A missing file under /assets is a real 404 (a stale tab asking for an old chunk), not a page.
      if (sent) return sent;
      if (pathname.startsWith('/assets/')) return c.text('Not found', 404);
    }
    return send(c, '/index.html', 'no-cache') ?? c.html(fallback());
  });
}
