import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { manifestSchema } from '../../core/challenges/challenge-package';
import { readTree } from '../../core/platform/read-tree';
import type { Family } from './cli-args-parser';

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
 * Scaffolds `<dir>/<slug>/` from the family's template: a package that passes the publish gate as generated.
 * Refuses a slug the manifest would refuse and a folder that exists. Returns the folder and the files written.
 */
export async function initChallenge(options: { slug: string; family: Family; dir: string }): Promise<{ folder: string; files: string[] }> {
  const slugCheck = manifestSchema.shape.slug.safeParse(options.slug);
  if (!slugCheck.success) throw new InitError(`invalid slug "${options.slug}": ${slugCheck.error.issues[0]?.message ?? 'invalid'} (2 to 63 characters, not starting with a dash)`);
  const folder = path.resolve(options.dir, options.slug);
  if (existsSync(folder)) throw new InitError(`${folder} already exists; choose another slug or remove it`);
  const templates = await readTree(path.join(TEMPLATES_DIR, options.family));
  if (Object.keys(templates).length === 0) throw new InitError(`no template for family "${options.family}"`);
  const values = { slug: options.slug, title: titleFromSlug(options.slug) };
  const files: string[] = [];
  await mkdir(path.dirname(folder), { recursive: true });
  await mkdir(folder);
  for (const [relative, text] of Object.entries(templates)) {
    const target = relative.replace(/\.tmpl$/, '');
    await mkdir(path.join(folder, path.dirname(target)), { recursive: true });
    await writeFile(path.join(folder, target), fillTemplate(text, values));
    files.push(target);
  }
  return { folder, files };
}

