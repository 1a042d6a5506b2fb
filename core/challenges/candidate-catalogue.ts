import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Language } from '../../sandbox/harness/protocol';

/** A package candidates may import, with the version the sandbox image carries. */
export interface CataloguePackage {
  name: string;
  version: string;
}

/** The package runtimes of the catalogue: Node's npm packages serve TypeScript and JavaScript alike. */
export type PackageRuntime = 'node' | 'python';

const SANDBOX = path.join(__dirname, '..', '..', 'sandbox');

/** Python's catalogue beyond requirements.in: packages the lock holds as dependencies that candidates may import too. */
const PYTHON_EXTRA = ['langchain-core'];

let catalogue: Record<PackageRuntime, CataloguePackage[]> | undefined;

/** The npm catalogue (sandbox/runtime/candidate-packages.json) with the locked versions. */
function nodeCatalogue(): CataloguePackage[] {
  const { packages } = JSON.parse(readFileSync(path.join(SANDBOX, 'runtime', 'candidate-packages.json'), 'utf8')) as { packages: string[] };
  const lock = JSON.parse(readFileSync(path.join(SANDBOX, 'runtime', 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> };
  return packages.map((name) => ({ name, version: lock.packages[`node_modules/${name}`]?.version ?? 'unknown' }));
}

/** The Python catalogue: what requirements.in names (plus PYTHON_EXTRA), with the versions requirements.lock pins. */
function pythonCatalogue(): CataloguePackage[] {
  const names = readFileSync(path.join(SANDBOX, 'python', 'requirements.in'), 'utf8').split('\n')
    .map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
  const pins = new Map([...readFileSync(path.join(SANDBOX, 'python', 'requirements.lock'), 'utf8').matchAll(/^([A-Za-z0-9._-]+)==([^\s\\;]+)/gm)]
    .map((m) => [normalisePythonName(m[1]!), m[2]!]));
  return [...names, ...PYTHON_EXTRA.filter((n) => pins.has(n))].map((name) => ({ name, version: pins.get(normalisePythonName(name)) ?? 'unknown' }));
}

/** PEP 503's normal form of a distribution name: `LangChain_OpenAI` → `langchain-openai`. */
export function normalisePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Every package of the image's catalogue, per runtime (read once). */
export function candidateCatalogue(): Record<PackageRuntime, CataloguePackage[]> {
  return (catalogue ??= { node: nodeCatalogue(), python: pythonCatalogue() });
}

/** The runtime whose packages a language imports. */
export function runtimeOf(language: Language): PackageRuntime {
  return language === 'python' ? 'python' : 'node';
}

/**
 * What a challenge's candidates may import in `language`: the manifest's `packages.<runtime>` list (in catalogue
 * order), or the whole catalogue when the manifest does not narrow it.
 */
export function allowedPackages(packages: Partial<Record<PackageRuntime, string[]>> | undefined, language: Language): CataloguePackage[] {
  const runtime = runtimeOf(language);
  const all = candidateCatalogue()[runtime];
  const listed = packages?.[runtime];
  if (!listed) return all;
  const wanted = new Set(listed.map((n) => (runtime === 'python' ? normalisePythonName(n) : n)));
  return all.filter((p) => wanted.has(runtime === 'python' ? normalisePythonName(p.name) : p.name));
}

/** The names in a manifest's `packages` that the image's catalogue does not have, as `runtime: name`. */
export function unknownPackages(packages: Partial<Record<PackageRuntime, string[]>>): Array<{ runtime: PackageRuntime; name: string }> {
  const unknown: Array<{ runtime: PackageRuntime; name: string }> = [];
  for (const runtime of ['node', 'python'] as const) {
    const known = new Set(candidateCatalogue()[runtime].map((p) => (runtime === 'python' ? normalisePythonName(p.name) : p.name)));
    for (const name of packages[runtime] ?? []) {
      if (!known.has(runtime === 'python' ? normalisePythonName(name) : name)) unknown.push({ runtime, name });
    }
  }
  return unknown;
}
