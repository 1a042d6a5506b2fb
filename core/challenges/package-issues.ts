import type { z } from 'zod';

/** One problem of a challenge package: the file (and field), what is wrong, and what was expected instead. */
export interface PackageIssue {
  path: string;
  problem: string;
  expected: string;
}

/** A package with problems; `issues` lists every one found, not just the first. */
export class PackageError extends Error {
  constructor(readonly issues: PackageIssue[]) {
    super(`The challenge package is invalid:\n${issues.map((i) => `  ${i.path}: ${i.problem} (expected ${i.expected})`).join('\n')}`);
    this.name = 'PackageError';
  }
}

/** zod issues of a JSON file as package issues (`challenge.json: languages.0`). */
export function zodIssues(file: string, error: z.ZodError): PackageIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? `${file}: ${issue.path.map(String).join('.')}` : file,
    problem: issue.message,
    expected: expectedOf(issue),
  }));
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return `a value of type ${issue.expected}`;
    case 'invalid_value': return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small': return `at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big': return `at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    case 'unrecognized_keys': return `no keys other than the documented ones (remove ${issue.keys.join(', ')})`;
    case 'invalid_format': return issue.format === 'regex' ? `a value matching ${String((issue as { pattern?: string | RegExp }).pattern ?? 'the pattern')}` : `a valid ${issue.format}`;
    default: return 'a value the package format allows (see challenges/README.md)';
  }
}

/** Parses a JSON file of the package; a syntax error becomes an issue and the result is undefined. */
export function parseJsonFile(path: string, text: string, issues: PackageIssue[]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    issues.push({ path, problem: `is not valid JSON (${(error as Error).message})`, expected: 'a JSON object' });
    return undefined;
  }
}
