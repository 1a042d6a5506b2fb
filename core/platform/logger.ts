import pino, { type Logger } from 'pino';
import type { Config } from './config';

/**
 * The process's structured logger (made once by each composition root); child loggers carry `submissionId` along a
 * submission's journey. JSON lines, except on a terminal, where they are printed readably (pino-pretty).
 */
export function createLogger(level: Config['LOG_LEVEL'], pretty = process.stdout.isTTY === true): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: { paths: ['*.password', '*.token', '*.authorization', 'req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}
