import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { manifestSchema } from '../../core/challenges/challenge-package';
import { readTree } from '../../core/platform/read-tree';
import type { Language } from '../../sandbox/harness/protocol';
import { DEFAULT_LANGUAGES, type Family } from './cli-args-parser';

/** Where the per-family template trees live; every file ends `.tmpl`. */
export const TEMPLATES_DIR = path.join(__dirname, '..', 'challenge-templates');

/** A refusal the author can fix (existing folder, bad slug): printed, exit 1. */
export class InitError extends Error {}

/** `My-task` style title from a slug: "embed-rank" → "Embed rank". */
export function titleFromSlug(slug: string): string {
  const words = slug.split('-').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Replaces `{{slug}}` and `{{title}}`; nothing else is special. */
export function fillTemplate(text: string, values: { slug: string; title: string }): string {
  return text.replace(/\{\{(slug|title)\}\}/g, (_match, key: 'slug' | 'title') => values[key]);
}

/**
 * Keeps the lines between `{{#python}}` and `{{/python}}` (each on a line of its own; `{{#typescript,javascript}}`
 * names several) when one of the named languages is scaffolded, and drops them otherwise.
 */
export function languageBlocks(text: string, languages: readonly Language[]): string {
  return text.replace(/^\{\{#([a-z,]+)\}\}\n([\s\S]*?)^\{\{\/\1\}\}\n/gm, (_match, names: string, body: string) =>
    (names.split(',').some((n) => languages.includes(n as Language)) ? body : ''));
}

/** The language of each template solution, from its `expected.json.tmpl`. */
function solutionLanguages(templates: Record<string, string>): Map<string, string> {
  const languages = new Map<string, string>();
  for (const [file, text] of Object.entries(templates)) {
    const name = /^solutions\/([^/]+)\/expected\.json\.tmpl$/.exec(file)?.[1];
    if (name) languages.set(name, (JSON.parse(text) as { language: string }).language);
  }
  return languages;
}

/** Each language's reference folder in the templates; the first scaffolded language of `REFERENCE_ORDER` is `reference`. */
const REFERENCE_FOLDER: Record<Language, string> = { typescript: 'reference', javascript: 'reference-javascript', python: 'reference-python' };
const REFERENCE_ORDER: readonly Language[] = ['typescript', 'javascript', 'python'];

/**
 * The template files the languages need, by their path in the package: each language's starter, the solutions in
 * those languages. Without TypeScript, the JavaScript reference is the package's reference (`solutions/reference/`),
 * or without JavaScript either, the Python one; the other languages' references keep their folders.
 */
function selectTemplates(templates: Record<string, string>, languages: readonly Language[]): Record<string, string> {
  const ofSolution = solutionLanguages(templates);
  const main = REFERENCE_ORDER.find((l) => languages.includes(l))!;
  const mainFolder = `solutions/${REFERENCE_FOLDER[main]}/`;
  const kept: Record<string, string> = {};
  for (const [file, text] of Object.entries(templates)) {
    if (!file.endsWith('.tmpl')) continue; // a stray __pycache__ or editor file is not part of the template
    const starter = /^starter\/([^/]+)\//.exec(file)?.[1];
    const solution = /^solutions\/([^/]+)\//.exec(file)?.[1];
    if (starter && !languages.includes(starter as Language)) continue;
    if (solution && !languages.includes(ofSolution.get(solution) as Language)) continue;
    const target = file.replace(/\.tmpl$/, '');
    kept[target.startsWith(mainFolder) ? `solutions/reference/${target.slice(mainFolder.length)}` : target] = text;
  }
  return kept;
}

/** The manifest template with only the scaffolded languages (in the order given: the first is the form's default). */
function manifestFor(text: string, languages: readonly Language[]): string {
  const manifest = JSON.parse(text) as { languages: string[]; entry: Record<string, string> };
  const entry = Object.fromEntries(languages.map((l) => [l, manifest.entry[l]]));
  return `${JSON.stringify({ ...manifest, languages, entry }, null, 2)}\n`;
}

/**
 * Scaffolds `<dir>/<slug>/` from the family's template in the given languages (default TypeScript and JavaScript):
 * a package that passes the publish gate as generated (a reference in each language). Refuses a slug the manifest
 * would refuse, an empty list of languages and a folder that exists. Returns the folder and the files.
 */
export async function initChallenge(options: { slug: string; family: Family; dir: string; languages?: Language[] }): Promise<{ folder: string; files: string[] }> {
  const languages = options.languages ?? DEFAULT_LANGUAGES;
  const slugCheck = manifestSchema.shape.slug.safeParse(options.slug);
  if (!slugCheck.success) throw new InitError(`invalid slug "${options.slug}": ${slugCheck.error.issues[0]?.message ?? 'invalid'} (2 to 63 characters, not starting with a dash)`);
  if (languages.length === 0) throw new InitError('list at least one language');
  const folder = path.resolve(options.dir, options.slug);
  if (existsSync(folder)) throw new InitError(`${folder} already exists; choose another slug or remove it`);
  const templates = await readTree(path.join(TEMPLATES_DIR, options.family));
  if (Object.keys(templates).length === 0) throw new InitError(`no template for family "${options.family}"`);
  const values = { slug: options.slug, title: titleFromSlug(options.slug) };
  const files: string[] = [];
  await mkdir(path.dirname(folder), { recursive: true });
  await mkdir(folder);
  for (const [target, text] of Object.entries(selectTemplates(templates, languages))) {
    const filled = languageBlocks(fillTemplate(text, values), languages);
    await mkdir(path.join(folder, path.dirname(target)), { recursive: true });
    await writeFile(path.join(folder, target), target === 'challenge.json' ? manifestFor(filled, languages) : filled);
    files.push(target);
  }
  return { folder, files };
}
