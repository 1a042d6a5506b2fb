/**
 * Image build step (`RUN` in the Dockerfiles): loads and exercises what every sandbox run loads, then stores its V8
 * bytecode in /sandbox/code-cache (see code-cache.ts). Run with exactly the flags the harness runs with (none).
 */
import { recordCodeCache, writeCodeCache } from './code-cache';

recordCodeCache();
/* eslint-disable @typescript-eslint/no-require-imports */
require('./main');
// TypeScript is the compiler of last resort (compile-candidate.ts): not loaded by most runs, but cached for those that do.
const { transpile } = require('./transpile') as typeof import('./transpile');
transpile('sample.ts', [
  'import { readFile } from "node:fs/promises";',
  'export interface Chunk { id: string; text: string; start: number }',
  'export async function load<T extends object>(file: string, fallback: T): Promise<T> {',
  '  try { return JSON.parse(await readFile(file, "utf8")) as T; } catch { return { ...fallback }; }',
  '}',
  'export class Cache<K, V> { private readonly map = new Map<K, V>(); get(k: K): V | undefined { return this.map.get(k); } }',
  'export const chunks = (text: string): Chunk[] => text.split(/\\n{2,}/).map((t, i) => ({ id: `c${i}`, text: t, start: 0 }));',
].join('\n'));
const { expect } = require('expect') as typeof import('expect');
expect({ a: [1, 2] }).toEqual({ a: [1, 2] });
expect(() => { throw new Error('x'); }).toThrow('x');
require('../quality/run-quality');
// eslint-disable-next-line no-console -- a build step (sandbox image build); its output is the build log
console.log(`code cache: stored the bytecode of ${writeCodeCache()} modules`);
