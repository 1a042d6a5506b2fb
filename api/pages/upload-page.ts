import type { Request, Response } from 'express';
import type { PackageIssue } from '../../core/challenges/package-issues';
import { AppError } from '../../core/platform/app-error';
import { uploadChallenge } from '../../core/authoring/upload-challenge';
import { principalOf } from '../auth-middleware';
import type { ApiDeps } from '../api-deps';
import { html, type SafeHtml } from './html';
import { sendPage } from './layout';
import { multipartFile } from './multipart';
import { versionPath } from './version-page';

/** What went wrong with an upload, as the page shows it: a sentence and, for a package, every issue. */
export interface UploadProblem {
  message: string;
  issues: PackageIssue[];
  entry?: string;
}

function problemList(problem: UploadProblem): SafeHtml {
  return html`<div class="error" role="alert" id="upload-problems" tabindex="-1"><p>${problem.message}</p>
    ${problem.entry ? html`<p>Entry: <code>${problem.entry}</code></p>` : ''}
    ${problem.issues.length ? html`<ul>${problem.issues.map((i) => html`<li><code>${i.path}</code> ${i.problem}${i.expected ? html` <span class="muted">(expected: ${i.expected})</span>` : ''}</li>`)}</ul>` : ''}</div>`;
}

/** The upload form (authors, admins), with the problems of the last attempt when there were any. */
export function showUploadPage(res: Response, maxBytes: number, problem?: UploadProblem, status = 200): void {
  sendPage(res, {
    title: 'Upload a challenge package',
    principal: principalOf(res),
    body: html`${problem ? problemList(problem) : ''}
      <form method="post" action="/ui/challenges/upload" enctype="multipart/form-data" class="stack" id="upload-form">
        <label for="package">Package (a <code>.tar.gz</code> or <code>.zip</code> of the folder <code>challenge init</code> made, at most ${Math.floor(maxBytes / 1024)} KiB)</label>
        <input type="file" id="package" name="package" accept=".tgz,.tar.gz,.zip,application/gzip,application/zip" required>
        <button type="submit" id="upload-submit">Upload</button>
        <p class="muted">A new draft version is stored and its publish gate runs the reference and the known-bad solutions; you publish it from its page once the gate passes.</p>
      </form>`,
  }, status);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(413, 'payload_too_large', `The package is larger than an upload may be (${Math.floor(maxBytes / 1024)} KiB).`);
}

/** An upload refusal the author can act on (400/403/413/415), or undefined for anything else. */
function uploadProblem(error: unknown): UploadProblem | undefined {
  if (error instanceof AppError && error.status < 500 && error.status !== 401) {
    const details = (error.details ?? {}) as { issues?: PackageIssue[]; entry?: string };
    const issues = details.issues ?? [];
    // The API's message points at `details.issues`; the page lists them instead.
    const message = issues.length ? `The package has ${issues.length} problem${issues.length === 1 ? '' : 's'}:` : error.message;
    return { message, issues, ...(details.entry ? { entry: details.entry } : {}) };
  }
  const status = (error as { status?: unknown } | undefined)?.status;
  if (status === 413) return { message: 'The package is larger than an upload may be.', issues: [] };
  return undefined;
}

/**
 * `POST /ui/challenges/upload` (a multipart form, its body already read under the upload cap): the same use case as
 * `POST /v1/challenges`; `bodyError` is the body parser's (413 over the cap). Success goes to the version's page, a refusal shows the form again with its problems.
 */
export async function uploadFromPage(deps: ApiDeps, req: Request, res: Response, bodyError?: unknown): Promise<void> {
  try {
    if (bodyError) throw bodyError instanceof Error ? bodyError : new Error('The form body could not be read.', { cause: bodyError });
    if (!req.is('multipart/form-data') || !Buffer.isBuffer(req.body)) throw new AppError(415, 'unsupported_media_type', 'Send the form with its file (multipart/form-data).');
    const archive = multipartFile(req.body, req.get('content-type'), 'package');
    if (!archive) throw new AppError(400, 'no_file', 'Choose a package file to upload.');
    if (archive.length > deps.config.UPLOAD_MAX_BYTES) throw tooLarge(deps.config.UPLOAD_MAX_BYTES);
    const { record } = await uploadChallenge(deps, archive, principalOf(res));
    res.redirect(303, versionPath(record));
  } catch (error) {
    const problem = uploadProblem(error);
    if (!problem) throw error;
    showUploadPage(res, deps.config.UPLOAD_MAX_BYTES, problem, (error as { status: number }).status);
  }
}
