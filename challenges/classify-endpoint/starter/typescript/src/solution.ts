import http from 'node:http';
import OpenAI from 'openai';

/**
 * Starts a new HTTP server on 127.0.0.1 at a free port (listen on port 0) serving POST /classify,
 * and resolves to the port it listens on.
 */
export async function start(): Promise<number> {
  throw new Error('not implemented');
}
