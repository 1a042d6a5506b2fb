/**
 * The candidate editor's pure parts: what a practice run sends into the sandbox (never a hidden test), the
 * countdown's text and announcements, and the draft schema's rules.
 */
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { editorBundleHandler } from '../../api/pages/editor/editor-page-routes';
import { CHALLENGES_DIR } from '../../core/challenges/load-bundled-challenges';
import { readChallengePackage } from '../../core/challenges/challenge-package';
import { harnessPayload } from '../../core/judging/judge-files';
import { publicTestsOnly, testsForPurpose } from '../../core/judging/practice-tests';
import { getConfig } from '../../core/platform/config';
import { draftBodySchema } from '../../core/drafts/draft-schema';
import { announcementFor, countdownText, formatRemaining } from '../../api/pages/editor/browser/countdown';

describe('a practice run\'s payload', () => {
  test.each(['rag-chunking', 'pii-redaction', 'stream-proxy'])('%s: only the public test files and the public plan are sent', async (slug) => {
    const pkg = await readChallengePackage(path.join(CHALLENGES_DIR, slug));
    const full = { manifest: pkg.manifest, tests: pkg.tests, plan: pkg.plan };
    const hiddenFiles = pkg.tests.filter((t) => t.visibility === 'hidden');
    expect(hiddenFiles.length).toBeGreaterThan(0);
    const payload = harnessPayload(getConfig(), testsForPurpose('practice', full), 'typescript', { 'src/solution.ts': '' }, 'n');
    expect(payload.tests.map((t) => t.visibility)).toEqual(pkg.tests.filter((t) => t.visibility === 'public').map(() => 'public'));
    const sent = JSON.stringify(payload);
    for (const file of hiddenFiles) {
      expect(sent).not.toContain(file.file);
      expect(sent).not.toContain(file.code);
    }
    for (const name of pkg.plan.filter((t) => t.visibility === 'hidden').map((t) => t.name)) expect(sent).not.toContain(name);
    expect(publicTestsOnly(full).plan.every((t) => t.visibility === 'public')).toBe(true);
    // a submission still gets everything
    expect(harnessPayload(getConfig(), testsForPurpose('submission', full), 'typescript', {}, 'n').tests).toHaveLength(pkg.tests.length);
  });
});

describe('the countdown', () => {
  test('formats the time left and says when it is up', () => {
    expect(formatRemaining(90 * 60_000)).toBe('1:30:00');
    expect(formatRemaining(9 * 60_000 + 5_400)).toBe('9:06');
    expect(formatRemaining(-5)).toBe('0:00');
    expect(countdownText(61_000)).toBe('Time left: 1:01');
    expect(countdownText(0)).toBe('Time is up.');
  });

  test('announces crossing 10 minutes, 1 minute and the deadline, once each; not again after a reload', () => {
    expect(announcementFor(600_500, 599_500)).toMatch(/^10 minutes left/);
    expect(announcementFor(599_500, 598_500)).toBeUndefined();
    expect(announcementFor(60_200, 59_200)).toMatch(/^1 minute left/);
    expect(announcementFor(400, -600)).toMatch(/^Time is up/);
    expect(announcementFor(null, 300_000)).toBeUndefined();
    expect(announcementFor(null, -1)).toMatch(/^Time is up/);
    expect(announcementFor(700_000, 30_000)).toMatch(/^1 minute left/); // a sleeping laptop: the latest one crossed
  });
});

describe('the draft body', () => {
  const schema = draftBodySchema({ ...getConfig(), DRAFT_MAX_BYTES: 1_024 });
  test('the submission file-map rules and the draft cap', () => {
    expect(schema.safeParse({ files: { 'src/solution.ts': 'x' } }).success).toBe(true);
    expect(schema.safeParse({ files: { 'src/../x.ts': 'x' } }).success).toBe(false);
    expect(schema.safeParse({ files: { 'a.ts': 'x\0' } }).success).toBe(false);
    expect(schema.safeParse({ files: { a: 'x', 'a/b.ts': 'y' } }).success).toBe(false);
    expect(schema.safeParse({ files: { 'a.ts': 'é'.repeat(600) } }).success).toBe(false); // 1,200 bytes
    expect(schema.safeParse({ files: { 'a.ts': 'x' }, extra: 1 }).success).toBe(false);
  });
});

describe('the editor bundle route', () => {
  test('a missing bundle is a clear 503 and a logged error; a built one is served, gzipped when asked', () => {
    const errors: string[] = [];
    const log = { error: (m: string) => errors.push(m) } as unknown as Parameters<typeof editorBundleHandler>[0]['log'];
    const answer = (read: () => Buffer | undefined, acceptEncoding = '') => {
      const sent: { status: number; headers: Record<string, string>; body?: unknown } = { status: 200, headers: {} };
      const res: any = {
        status: (s: number) => ((sent.status = s), res), type: (t: string) => ((sent.headers['content-type'] = t), res),
        set: (h: string | Record<string, string>, v?: string) => (Object.assign(sent.headers, typeof h === 'string' ? { [h]: v } : h), res),
        send: (b: unknown) => ((sent.body = b), res),
      };
      editorBundleHandler({ log }, read)({ get: () => acceptEncoding } as any, res, () => undefined);
      return sent;
    };
    const missing = answer(() => undefined);
    expect(missing.status).toBe(503);
    expect(String(missing.body)).toMatch(/editor bundle is not built; run `npx tsx scripts\/setup.ts`/);
    expect(errors[0]).toMatch(/\.build\/editor\/editor\.js is missing/);
    const js = Buffer.from('console.log(1)');
    expect(answer(() => js).body).toEqual(js);
    const zipped = answer(() => js, 'gzip, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body as Buffer)).toEqual(js);
  });
});
