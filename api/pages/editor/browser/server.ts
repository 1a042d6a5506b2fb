/** The editor's calls to the judge: GETs to the JSON API with the session cookie, writes to the pages' own posts. */

export interface Files { [path: string]: string }

/** An answer: its status and parsed JSON body (`{ error: { code, message } }` on failure). */
export interface Answer<T> { status: number; body: T & { error?: { code: string; message: string } } }

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown, keepalive = false): Promise<Answer<T>> {
  const response = await fetch(url, {
    method,
    keepalive,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { error: { code: 'bad_answer', message: `The judge answered ${response.status}.` } };
  }
  return { status: response.status, body: parsed as Answer<T>['body'] };
}

/** The saved draft of a challenge in a language (`files: null` when none). */
export function loadDraft(slug: string, language: string): Promise<Answer<{ files: Files | null; updatedAt: string | null }>> {
  return call('GET', `/v1/drafts/${encodeURIComponent(slug)}/${encodeURIComponent(language)}`);
}

/**
 * Saves a draft through the pages' same-origin post (the cookie authenticates; the server checks the Origin).
 * `keepalive` lets the request finish while the page is being left.
 */
export function saveDraft(slug: string, language: string, files: Files, keepalive = false): Promise<Answer<{ updatedAt: string }>> {
  return call('POST', `/ui/editor/drafts/${encodeURIComponent(slug)}/${encodeURIComponent(language)}`, { files }, keepalive);
}

/** The files of the candidate's latest submission of the challenge. */
export function loadLatestSubmission(slug: string): Promise<Answer<{ language: string; files: Files; createdAt: string }>> {
  return call('GET', `/v1/me/challenges/${encodeURIComponent(slug)}/latest-submission`);
}

/** Starts a practice run of the public tests. */
export function startPracticeRun(slug: string, language: string, files: Files): Promise<Answer<{ id: string; status: string }>> {
  return call('POST', '/ui/editor/practice-runs', { challenge: slug, language, files });
}
