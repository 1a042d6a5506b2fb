'use strict';

const http = require('node:http');
const { OpenAI } = require('openai');

/**
 * Starts a new, independent HTTP server on 127.0.0.1 at a free port (listen on port 0) serving POST /agent, and
 * resolves to the port it listens on. corpus: the documents the `search` tool searches, for this server only.
 * @param {{ corpus: { id: string, text: string }[] }} options
 * @returns {Promise<number>}
 */
async function start(options) {
  throw new Error('not implemented');
}

module.exports = { start };
