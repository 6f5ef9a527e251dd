import type { OpenAPIObject } from 'openapi3-ts/oas31';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch);

/**
 * A self-contained API reference rendered from the OpenAPI document: no CDN, so it works on a
 * machine with no internet access, like the rest of a self-hosted install.
 */
export function renderDocsPage(doc: OpenAPIObject): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      const body =
        op.requestBody && 'content' in op.requestBody
          ? op.requestBody.content['application/json']?.schema
          : undefined;
      const params = (op.parameters ?? [])
        .map((p) =>
          'name' in p
            ? `<code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})`
            : '',
        )
        .filter(Boolean)
        .join(', ');
      const html = `<section class="op"><h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>${params ? `<p>Parameters: ${params}</p>` : ''}
${body ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre></details>` : ''}
<p class="r">Responses: ${Object.keys(op.responses ?? {}).join(', ')}</p></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag.entries()].map(
    ([tag, ops]) => `<h2 id="${escapeHtml(tag)}">${escapeHtml(tag)}</h2>${ops.join('\n')}`,
  );
  const nav = [...byTag.keys()].map((t) => `<a href="#${escapeHtml(t)}">${escapeHtml(t)}</a>`).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(doc.info.title)} API reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1f2937}
h2{border-bottom:1px solid #e5e7eb;padding-bottom:.3rem;margin-top:2.5rem}.op{margin:1rem 0;padding:.5rem 1rem;border:1px solid #e5e7eb;border-radius:8px}
.op h3{margin:.3rem 0;font-size:1rem}.m{display:inline-block;min-width:4.5rem;font-size:.8rem;padding:.1rem .4rem;border-radius:4px;color:#fff;text-align:center}
.get{background:#2563eb}.post{background:#16a34a}.patch,.put{background:#d97706}.delete{background:#dc2626}
pre{background:#f9fafb;padding:.75rem;overflow:auto;font-size:.8rem}.r{color:#6b7280;font-size:.85rem}</style></head>
<body><h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${escapeHtml(doc.info.description ?? '')}</p><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).</p>
<nav>${nav}</nav>${sections.join('\n')}</body></html>`;
}
