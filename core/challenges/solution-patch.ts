/**
 * Known-bad solutions kept as a unified diff against the reference (`solutions/<name>/reference.patch`), beside the
 * files it generates. Only whole-line edits of files the reference has; every hunk must apply exactly (no fuzz), so
 * a patch that no longer fits the reference is an error rather than a guess.
 */

/** The patch file's name inside a known-bad solution's folder. */
export const PATCH_FILE = 'reference.patch';

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

function linesOf(file: string, text: string): string[] {
  if (text !== '' && !text.endsWith('\n')) throw new Error(`${file} does not end with a newline`);
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

/** The shortest edit script from `a` to `b` (longest common subsequence; files here are a few hundred lines). */
function editScript(a: string[], b: string[]): Op[] {
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j] ? common[(i + 1) * width + j + 1]! + 1 : Math.max(common[(i + 1) * width + j]!, common[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || common[(i + 1) * width + j]! >= common[i * width + j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! }); // removals before additions, as diff prints them
    } else ops.push({ kind: '+', line: b[j++]! });
  }
  return ops;
}

/** Groups the changes into hunks with up to three lines of context each side, merging hunks that touch. */
function hunks(ops: Op[]): string[] {
  const changed = ops.flatMap((op, k) => (op.kind === ' ' ? [] : [k]));
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - CONTEXT);
    let end = changed[k]!;
    while (k + 1 < changed.length && changed[k + 1]! - end <= 2 * CONTEXT) end = changed[++k]!;
    k++;
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    const before = ops.slice(0, start);
    const oldStart = before.filter((op) => op.kind !== '+').length;
    const newStart = before.filter((op) => op.kind !== '-').length;
    const body = ops.slice(start, stop);
    const oldCount = body.filter((op) => op.kind !== '+').length;
    const newCount = body.filter((op) => op.kind !== '-').length;
    out.push(`@@ -${oldStart + 1},${oldCount} +${newStart + 1},${newCount} @@`, ...body.map((op) => op.kind + op.line));
  }
  return out;
}

/** A unified diff turning the reference's files into the solution's; files that are equal are left out. */
export function makePatch(reference: Record<string, string>, solution: Record<string, string>): string {
  const extra = Object.keys(solution).filter((file) => !(file in reference));
  if (extra.length > 0) throw new Error(`the reference has no ${extra.join(', ')}: only files the reference has can be patched`);
  const missing = Object.keys(reference).filter((file) => !(file in solution));
  if (missing.length > 0) throw new Error(`the solution lacks ${missing.join(', ')} of the reference`);
  const out: string[] = [];
  for (const file of Object.keys(reference).sort()) {
    if (reference[file] === solution[file]) continue;
    out.push(`--- a/${file}`, `+++ b/${file}`, ...hunks(editScript(linesOf(file, reference[file]!), linesOf(file, solution[file]!))));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Applies one file's hunks to its reference lines; any line that does not match exactly throws. */
function applyHunks(file: string, lines: string[], patchLines: string[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (let k = 0; k < patchLines.length;) {
    const header = /^@@ -(\d+),(\d+) \+\d+,\d+ @@$/.exec(patchLines[k++]!);
    if (!header) throw new Error(`${file}: expected a hunk header at "${patchLines[k - 1]}"`);
    const oldStart = Number(header[1]) - 1;
    if (oldStart < at) throw new Error(`${file}: hunks overlap or are out of order`);
    out.push(...lines.slice(at, oldStart));
    at = oldStart;
    for (; k < patchLines.length && !patchLines[k]!.startsWith('@@'); k++) {
      const kind = patchLines[k]![0];
      const line = patchLines[k]!.slice(1);
      if (kind === '+') out.push(line);
      else if ((kind === ' ' || kind === '-') && lines[at] === line) {
        if (kind === ' ') out.push(line);
        at++;
      } else throw new Error(`${file}: the patch does not fit the reference at line ${at + 1} ("${patchLines[k]}")`);
    }
  }
  return [...out, ...lines.slice(at)];
}

/** The solution's files: the reference's with the patch applied. Throws when the patch does not apply exactly. */
export function applyPatch(reference: Record<string, string>, patch: string): Record<string, string> {
  const result = { ...reference };
  const lines = linesOf(PATCH_FILE, patch);
  for (let k = 0; k < lines.length;) {
    const from = /^--- a\/(.+)$/.exec(lines[k] ?? '');
    const to = /^\+\+\+ b\/(.+)$/.exec(lines[k + 1] ?? '');
    if (!from || !to || from[1] !== to[1]) throw new Error(`expected "--- a/<file>" and "+++ b/<file>" at line ${k + 1}`);
    const file = from[1]!;
    if (!(file in reference)) throw new Error(`the reference has no ${file}`);
    let end = k + 2;
    while (end < lines.length && !(lines[end]!.startsWith('--- a/') && lines[end + 1]?.startsWith('+++ b/'))) end++;
    const patched = applyHunks(file, linesOf(file, reference[file]!), lines.slice(k + 2, end));
    result[file] = patched.length ? `${patched.join('\n')}\n` : '';
    k = end;
  }
  return result;
}

/** The files of `solutions/<name>/` in a package's file map, without `expected.json` and the patch. */
export function solutionFiles(files: Record<string, string>, name: string): Record<string, string> {
  const prefix = `solutions/${name}/`;
  const entries = Object.entries(files)
    .filter(([file]) => file.startsWith(prefix))
    .map(([file, text]) => [file.slice(prefix.length), text] as const)
    .filter(([file]) => file !== 'expected.json' && file !== PATCH_FILE);
  return Object.fromEntries(entries);
}

/** The names of the solutions that carry a patch. */
export function patchedSolutions(files: Record<string, string>): string[] {
  return Object.keys(files).flatMap((file) => {
    const match = /^solutions\/([^/]+)\/(.+)$/.exec(file);
    return match && match[2] === PATCH_FILE && match[1] !== 'reference' ? [match[1]!] : [];
  }).sort();
}

/** Why a patched solution's files are not exactly the reference with its patch applied, or undefined when they are. */
export function patchProblem(files: Record<string, string>, name: string): string | undefined {
  let expected: Record<string, string>;
  try {
    expected = applyPatch(solutionFiles(files, 'reference'), files[`solutions/${name}/${PATCH_FILE}`]!);
  } catch (error) {
    return `does not apply to solutions/reference: ${(error as Error).message}`;
  }
  const actual = solutionFiles(files, name);
  const differ = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter((file) => expected[file] !== actual[file]).sort();
  return differ.length ? `out of sync with the files it generates (${differ.join(', ')} differ)` : undefined;
}
