import pino, { type Logger } from 'pino';
import type { Config } from './config';

/**
 * The process's structured logger (made once by each composition root); child loggers carry `submissionId` along a
 * submission's journey.
 */
export function createLogger(level: Config['LOG_LEVEL']): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: ['*.password', '*.token', '*.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  });
}
