import { gzipSync } from 'node:zlib';
import { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../../api-deps';
import { principalOf } from '../../auth-middleware';
import { errorMiddleware, requireJson } from '../../error-middleware';
import { practiceRunFrom, saveDraftFrom } from '../../editor-routes';
import { requirePageRole, requireSameOrigin } from '../page-session';
import { readEditorBundle } from './editor-bundle';

/**
 * Serves the editor bundle built by the set-up. A missing bundle is a clear 503 (and a logged error) rather than
 * a silent 404; the page itself still works as a plain form.
 */
export function editorBundleHandler(deps: Pick<ApiDeps, 'log'>, read: () => Buffer | undefined = readEditorBundle): RequestHandler {
  let bundle: { plain: Buffer; gzip: Buffer } | undefined;
  return (req, res) => {
    const plain = bundle ? undefined : read();
    if (plain) bundle = { plain, gzip: gzipSync(plain, { level: 9 }) }; // a third of the bytes over the wire
    if (!bundle) {
      deps.log.error('the editor bundle .build/editor/editor.js is missing: run `npx tsx scripts/setup.ts` (npm start and npm test do) or `npx tsx scripts/build-editor.ts`');
      res.status(503).type('text/javascript').set('cache-control', 'no-store')
        .send('console.error("ai-judge: the editor bundle is not built; run `npx tsx scripts/setup.ts`. The plain form still works.");\n');
      return;
    }
    const gzip = /\bgzip\b/.test(req.get('accept-encoding') ?? '');
    res.type('text/javascript').set({ 'cache-control': 'public, max-age=600', 'x-content-type-options': 'nosniff', vary: 'Accept-Encoding' });
    if (gzip) res.set('content-encoding', 'gzip');
    res.send(gzip ? bundle.gzip : bundle.plain);
  };
}

/**
 * The editor's writes from the page, under `/ui/editor`: the session cookie authenticates them, so each must come
 * from the judge's own origin (`requireSameOrigin`, on top of SameSite=Strict) and be JSON (a cross-site form cannot
 * send that type without a CORS preflight). They call the same functions as `PUT /v1/drafts/...` and
 * `POST /v1/practice-runs`, and answer JSON errors `{ error: { code, message } }`.
 */
export function createEditorPageRouter(deps: ApiDeps): Router {
  const router = Router();
  const candidate = requirePageRole(deps, ['candidate']);
  router.post('/drafts/:slug/:language', requireSameOrigin, candidate, requireJson, async (req, res) => {
    res.json(await saveDraftFrom(deps, principalOf(res), { slug: req.params.slug, language: req.params.language }, req.body));
  });
  router.post('/practice-runs', requireSameOrigin, candidate, requireJson, async (req, res) => {
    res.status(202).json(await practiceRunFrom(deps, principalOf(res), req.body));
  });
  router.use(errorMiddleware(deps.log));
  return router;
}
