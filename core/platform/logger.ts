import pino from 'pino';
import { getConfig } from './config';

/** The process-wide structured logger; child loggers carry `submissionId` along a submission's journey. */
export const logger = pino({
  level: getConfig().LOG_LEVEL,
  base: { pid: process.pid },
  redact: { paths: ['*.password', '*.token', '*.authorization', 'req.headers.authorization'], censor: '[redacted]' },
});
