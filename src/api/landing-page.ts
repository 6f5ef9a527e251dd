/** The page at `/` when the web app has not been built (`npm run build`): what is running and what to do. */
export function renderLandingPage(info: {
  store: string;
  demo?: { email: string; password: string };
}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Ordo</title><style>body{font:16px/1.6 system-ui,sans-serif;max-width:640px;margin:4rem auto;padding:0 1rem;color:#1f2937}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}a{color:#2563eb}</style></head><body>
<h1>Ordo is running</h1><p>Your back office server is up on the ${info.store === 'pglite' ? 'embedded' : 'PostgreSQL'} store. The web app is not built yet: run <code>npm run build</code> (or start with <code>npm start</code>, which builds it).</p>
${info.demo ? `<p>Demo sign-in: <code>${info.demo.email}</code> / <code>${info.demo.password}</code> (organization <code>demo</code>).</p>` : ''}
<ul><li><a href="/api/docs">API reference</a></li><li><a href="/api/openapi.json">OpenAPI document</a></li><li><a href="/api/health">Health</a></li></ul>
</body></html>`;
}
