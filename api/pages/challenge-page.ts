import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { AppError } from '../../core/platform/app-error';
import { findPublishedChallenge, getChallengeById, type ChallengeRecord } from '../../core/challenges/challenge-repository';
import { withOfferedLanguages } from '../../core/challenges/challenge-access';
import type { Db } from '../../core/platform/db';
import type { Principal } from '../../core/access/authenticate';
import { principalOf } from '../auth-middleware';
import { challengeDetail } from '../../core/challenges/challenge-view';
import { html, type SafeHtml } from './html';
import { sendPage } from './layout';
import { renderMarkdown } from './markdown';
import { EDITOR_SCRIPT, editorMarkup } from './editor/editor-markup';
import { languageLabel } from './language-label';

/** Rows of path + content fields in the submission form. */
export const FILE_ROWS = 4;

/**
 * The version the caller works on: a candidate's pinned one (only challenges of their assessment, only the languages
 * it allows), else the latest.
 */
export async function challengeFor(db: Db, principal: Principal, slug: string): Promise<ChallengeRecord> {
  const pinned = principal.candidate?.assessment.challenges.find((c) => c.slug === slug);
  const challenge = principal.candidate
    ? pinned && await getChallengeById(db, pinned.challengeId)
    : await findPublishedChallenge(db, slug);
  if (!challenge) throw new AppError(404, 'challenge_not_found', 'No such challenge.');
  return withOfferedLanguages(principal, challenge);
}


/** What the form shows again after a refused post: the caller's own input and the reasons. */
export interface FormState {
  language: string;
  rows: Array<{ path: string; content: string }>;
  errors: string[];
}

function submissionForm(c: ReturnType<typeof challengeDetail>, state: FormState, editor: SafeHtml): SafeHtml {
  const entries = Object.fromEntries(Object.entries(c.languages).map(([lang, l]) => [lang, l.entry]));
  return html`<form method="post" action="/ui/challenges/${c.slug}/submissions" class="stack" id="submit-form"
      data-entries="${JSON.stringify(entries)}">
    ${state.errors.length ? html`<div class="error" role="alert" id="form-errors"><p>The submission was not accepted:</p>
      <ul>${state.errors.map((e) => html`<li>${e}</li>`)}</ul></div>` : ''}
    <input type="hidden" name="formKey" value="${randomUUID()}">
    <label for="language">Language</label>
    <select id="language" name="language">${Object.keys(c.languages).map((lang) => html`
      <option value="${lang}" ${lang === state.language ? 'selected' : ''}>${languageLabel(lang)}</option>`)}
    </select>
    ${editor}
    <div id="upload-box" hidden>
      <label for="upload">Upload files (they fill the fields below; a file whose name matches a path replaces it)</label>
      <input id="upload" type="file" multiple accept=".ts,.js,.mts,.cts,.mjs,.cjs,.py,.json,.md,.txt">
    </div>
    ${Array.from({ length: FILE_ROWS }, (_, i) => {
      const row = state.rows[i] ?? { path: '', content: '' };
      return html`<fieldset class="file-row">
        <legend>File ${i + 1}${i === 0 ? ' (the entry file)' : ' (optional)'}</legend>
        <label for="path${i}">Path</label>
        <input id="path${i}" name="path${i}" value="${row.path}" spellcheck="false" ${i === 0 ? 'required' : ''}>
        <label for="content${i}">Contents</label>
        <textarea id="content${i}" name="content${i}" rows="${i === 0 ? 16 : 4}" spellcheck="false" class="code">${row.content}</textarea>
      </fieldset>`;
    })}
    <button type="submit">Submit for judging</button>
  </form>`;
}

/** Each language's entry file and the names the tests call, with how a Python candidate reads the TypeScript tests. */
function languagesSection(c: ReturnType<typeof challengeDetail>): SafeHtml {
  const code = (names: string[]) => names.map((n, i) => html`${i ? ', ' : ''}<code>${n}</code>`);
  return html`<h3 id="languages-h">Languages</h3>
    <dl class="languages">${Object.entries(c.languages).map(([lang, l]) => {
      const renamed = Object.entries(l.names).filter(([called, own]) => called !== own);
      return html`<div><dt>${languageLabel(lang)}</dt><dd>entry <code>${l.entry}</code>${Object.keys(l.names).length ? html`; the tests call ${code(Object.keys(l.names))}` : ''}${
        renamed.length ? html`; your module defines them as ${renamed.map(([called, own], i) => html`${i ? ', ' : ''}<code>${called}</code> → <code>${own}</code>`)}` : ''}.
        Packages: ${l.packages.map((p, i) => html`${i ? ', ' : ''}<code>${p.name}</code> ${p.version}`)}, and the standard library.</dd></div>`;
    })}</dl>
    ${'python' in c.languages ? html`<p id="tests-note">The public tests below are TypeScript for every language. In Python they call your
      functions by these names (camelCase becomes snake_case unless listed otherwise); arguments and results cross as JSON,
      so a dict stands for an object and a list for an array, with the same keys. A <code>ValueError</code> reaches the tests as a
      <code>RangeError</code>, a <code>TypeError</code> as a <code>TypeError</code>.</p>` : ''}`;
}

/** The initial form: the first language's entry file with its starter contents. */
export function initialForm(c: ChallengeRecord): FormState {
  const language = c.manifest.languages[0]!;
  const starter = c.package.starter[language] ?? {};
  const entry = c.manifest.entry[language]!;
  const rows = [{ path: entry, content: starter[entry] ?? '' }, ...Object.entries(starter).filter(([p]) => p !== entry).map(([path, content]) => ({ path, content }))];
  return { language, rows, errors: [] };
}

/**
 * A challenge: statement (safe markdown), limits, starter files to download, public tests, the submission form; for
 * a candidate the editor too, beside the statement on a wide screen (`.workspace`), below it on a phone.
 */
export function renderChallengePage(res: Response, c: ChallengeRecord, form: FormState, status = 200): void {
  const detail = challengeDetail(c);
  const principal = principalOf(res);
  const editor = editorMarkup(c, principal);
  sendPage(res, {
    title: c.title,
    principal,
    scripts: principal.candidate ? [EDITOR_SCRIPT] : [],
    body: html`
      <p class="muted">${c.slug} · version ${c.version} · ${c.family} · wall time ${detail.limits.wallTimeMs} ms,
        ${detail.limits.testTimeoutMs} ms per test, ${detail.limits.memoryMb} MB</p>
      <nav aria-label="On this page" class="toc"><a href="#statement">Statement</a> · <a href="#starter">Starter files</a> · <a href="#submit">Submit</a></nav>
      <div class="workspace"><div class="workspace-task">
      <section id="statement" class="statement" aria-label="Statement">${renderMarkdown(c.statement)}</section>
      <section id="starter"><h2>Starter files</h2>
        <ul>${Object.entries(detail.languages).flatMap(([lang, l]) => Object.keys(l.starter).map((p) => html`
          <li><a download href="/ui/challenges/${c.slug}/starter?language=${lang}&amp;path=${encodeURIComponent(p)}">${p}</a> (${languageLabel(lang)})</li>`))}
        </ul>
        ${languagesSection(detail)}
        <p>Public tests (the hidden ones are not shown):</p>
        ${Object.entries(Object.values(detail.languages)[0]?.publicTests ?? {}).map(([p, text]) => html`
          <details><summary><code>${p}</code></summary><pre class="code"><code>${text}</code></pre></details>`)}
      </section></div>
      <section id="submit" class="workspace-code"><h2>Submit</h2>${submissionForm(detail, form, editor)}</section></div>`,
  }, status);
}

/** One starter file as a download. */
export function sendStarter(res: Response, c: ChallengeRecord, language: unknown, path: unknown): void {
  const files = typeof language === 'string' ? c.package.starter[language as 'typescript'] : undefined;
  const text = files && typeof path === 'string' ? files[path] : undefined;
  if (text === undefined) throw new AppError(404, 'starter_not_found', 'No such starter file.');
  const name = String(path).split('/').pop()!.replace(/[^\w.-]/g, '_');
  res.set({ 'content-type': 'text/plain; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'x-content-type-options': 'nosniff' }).send(text);
}
