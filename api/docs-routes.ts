import type { Router } from 'express';
import { buildOpenApiDocument, whoMayCall } from './openapi-document';
import { OPERATIONS as ops, addRoute, type Operation } from './operations';
import type { ApiDeps } from './api-deps';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained page listing every operation and who may call it (no scripts, no CDN). */
export function renderDocsPage(operations: Operation[]): string {
  const rows = operations.map((op) => `<tr><td><code>${op.method.toUpperCase()}</code></td><td><code>${escape(op.path)}</code></td>`
    + `<td>${escape(op.summary)}</td><td>${escape(whoMayCall(op))}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ai-judge API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}code{font-size:90%}</style></head>
<body><h1>ai-judge API</h1>
<p>Send tokens as <code>Authorization: Bearer &lt;token&gt;</code>. Errors are <code>{ "error": { "code", "message", "details"? } }</code>.
The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>who may call it</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}

/** `/openapi.json` and `/docs`, both built once at start-up. */
export function addDocsRoutes(router: Router, deps: ApiDeps): void {
  const document = buildOpenApiDocument(deps.config);
  const page = renderDocsPage(Object.values(ops));
  addRoute(router, deps, ops.openapi, (_req, res) => {
    res.json(document);
  });
  addRoute(router, deps, ops.docs, (_req, res) => {
    res.type('html').set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(page);
  });
}
