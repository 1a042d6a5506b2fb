/** `/openapi.json` (OpenAPI 3.1 from the zod schemas) and `/docs` agree with the routes that exist. */
import { createRoutes } from '../../api/routes';
import { OPERATIONS } from '../../api/operations';
import { createTestContext, bearer, http, silentLog, type TestContext } from '../helpers/test-context';

let ctx: TestContext;
let doc: any;
beforeAll(async () => {
  ctx = await createTestContext();
  doc = (await http(ctx, 'GET', '/openapi.json', undefined, bearer(null))).json;
});
afterAll(async () => ctx.close());

const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

test('is an OpenAPI 3.1 document with every operation, its roles and its security', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  const ids = new Set<string>();
  for (const [id, op] of Object.entries(OPERATIONS)) {
    const entry = doc.paths[openApiPath(op.path)]?.[op.method];
    expect({ id, entry: entry && { operationId: entry.operationId, roles: entry['x-roles'] } }).toEqual({ id, entry: { operationId: id, roles: op.roles } });
    expect(entry.security).toEqual(op.roles === 'public' ? [] : [{ bearer: [] }]);
    ids.add(entry.operationId);
  }
  const protectedWithout401or403 = Object.entries(OPERATIONS).filter(([, op]) => op.roles !== 'public')
    .map(([id, op]) => ({ id, responses: Object.keys(doc.paths[openApiPath(op.path)][op.method].responses) }))
    .filter(({ responses }) => !(responses.includes('401') && responses.includes('403')));
  expect(protectedWithout401or403).toEqual([]);
  expect(ids.size).toBe(Object.keys(OPERATIONS).length);
  const documented = Object.values(doc.paths).reduce((n: number, methods: any) => n + Object.keys(methods).length, 0);
  expect(documented).toBe(Object.keys(OPERATIONS).length);
});

test('every $ref resolves to a component schema', () => {
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThan(20);
  for (const name of new Set(refs)) expect(doc.components.schemas).toHaveProperty([name]);
  for (const schema of Object.values(doc.components.schemas) as any[]) {
    expect(schema).not.toHaveProperty('$schema');
    expect(schema.type).toBe('object');
  }
});

test('request bodies come from the schemas the routes validate with', () => {
  const submission = doc.components.schemas.CreateSubmission;
  expect(submission.required).toEqual(['challenge', 'language', 'files']);
  expect(submission.properties.language.enum).toEqual(['typescript', 'javascript', 'python']);
  const examples = doc.paths['/v1/submissions'].post.requestBody.content['application/json'].examples;
  expect(examples.python.value).toEqual({ challenge: expect.any(String), language: 'python', files: { 'src/solution.py': expect.stringMatching(/^def /) } });
  expect(examples.typescript.value.language).toBe('typescript');
  const detail = doc.components.schemas.ChallengeDetail.properties.languages;
  expect(detail.propertyNames.enum).toEqual(['typescript', 'javascript', 'python']);
  expect(detail.additionalProperties.required).toEqual(['entry', 'starter', 'publicTests', 'names', 'packages']);
  expect(submission.additionalProperties).toBe(false);
  expect(doc.components.schemas.CreateToken.properties.role.enum).toEqual(['admin', 'author', 'grader']);
  expect(doc.components.schemas.CreateAssessment.required).toEqual(['name', 'challenges']);
  expect(doc.paths['/v1/assessments'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateAssessment' });
  expect(doc.components.schemas.Submission.properties).toHaveProperty('hiddenSummary');
});

test('every route the app mounts is documented, and every documented operation is routed', async () => {
  const router = createRoutes({ ...ctx, log: silentLog }) as unknown as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  const mounted = router.stack.filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method} ${layer.route!.path}`)).sort();
  expect(mounted).toEqual(Object.values(OPERATIONS).map((op) => `${op.method} ${op.path}`).sort());
  for (const op of Object.values(OPERATIONS)) {
    const path = op.path.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000');
    const res = await http(ctx, op.method.toUpperCase(), path, op.method === 'post' ? {} : undefined);
    expect({ path, code: res.json?.error?.code }).not.toEqual({ path, code: 'route_not_found' });
  }
});

test('/docs is a self-contained page listing every operation and who may call it', async () => {
  const res = await http(ctx, 'GET', '/docs', undefined, bearer(null));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  for (const op of Object.values(OPERATIONS)) expect(res.text).toContain(`<code>${op.path}</code>`);
  expect(res.text).toContain('Roles: admin, author.');
  expect(res.text).not.toMatch(/<script|https?:\/\//);
});
