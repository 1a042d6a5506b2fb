import http from 'node:http';
import OpenAI from 'openai';

/**
 * Starts a new, independent HTTP server on 127.0.0.1 at a free port (listen on port 0) serving POST /ask and
 * GET /stats, and resolves to the port it listens on. ttlMs: how long a cached answer lives (default 60000).
 */
export async function start(options: { ttlMs?: number } = {}): Promise<number> {
  throw new Error('not implemented');
}
