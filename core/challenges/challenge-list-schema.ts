import { z } from 'zod';

/** `GET /v1/challenges?family=rag|data|endpoint`. */
export const challengeListQuerySchema = z.object({ family: z.enum(['rag', 'data', 'endpoint']).optional() });
