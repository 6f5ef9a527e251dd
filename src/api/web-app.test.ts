import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { mountWebApp } from './web-app.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'ordo-web-'));
const write = (file: string, text: string, gz = false) => {
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  writeFileSync(path.join(dist, file), text);
  if (gz) writeFileSync(path.join(dist, `${file}.gz`), gzipSync(text));
};
write('index.html', '<!doctype html><div id="root"></div>', true);
write('assets/index-abc.js', 'console.log("app")', true);

const app = new Hono<AppEnv>();
app.get('/api/ping', (c) => c.json({ pong: true }));
mountWebApp(app, dist, () => 'not built');
app.notFound((c) => c.json({ error: { code: 'NOT_FOUND' } }, 404));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('serving the built web app', () => {
  it('serves hashed assets for a year, gzipped when the browser accepts it', async () => {
    const plain = await app.request('/assets/index-abc.js');
    expect(await plain.text()).toBe('console.log("app")');
    expect(plain.headers.get('cache-control')).toContain('immutable');
    expect(plain.headers.get('content-type')).toContain('text/javascript');
    const gz = await app.request('/assets/index-abc.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });

  it('answers any page path with index.html and strict security headers', async () => {
    const res = await app.request('/settings/members');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('id="root"');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('leaves /api alone and answers a missing asset with 404, not the page', async () => {
    expect(await (await app.request('/api/ping')).json()).toEqual({ pong: true });
    expect((await app.request('/api/nothing')).status).toBe(404);
    expect((await app.request('/assets/gone-123.js')).status).toBe(404);
  });

  it('keeps serving after the app is rebuilt under it', async () => {
    rmSync(path.join(dist, 'assets'), { recursive: true });
    write('assets/index-def.js', 'console.log("v2")');
    const res = await app.request('/assets/index-def.js');
    expect(await res.text()).toBe('console.log("v2")');
    expect((await app.request('/assets/index-abc.js')).status).toBe(404);
  });
});
