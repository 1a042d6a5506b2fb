'use strict';

const http = require('node:http');
const { OpenAI } = require('openai');

/**
 * Starts a new HTTP server on 127.0.0.1 at a free port (listen on port 0) serving POST /chat/stream,
 * and resolves to the port it listens on.
 * @returns {Promise<number>}
 */
async function start() {
  throw new Error('not implemented');
}

module.exports = { start };
