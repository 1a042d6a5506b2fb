import http from 'node:http';
import OpenAI from 'openai';

/** One document of the search corpus. */
export interface Doc {
  id: string;
  text: string;
}

/**
 * Starts a new, independent HTTP server on 127.0.0.1 at a free port (listen on port 0) serving POST /agent, and
 * resolves to the port it listens on. corpus: the documents the `search` tool searches, for this server only.
 */
export async function start(options: { corpus: Doc[] }): Promise<number> {
  throw new Error('not implemented');
}
