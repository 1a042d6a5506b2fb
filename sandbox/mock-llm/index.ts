/**
 * @module mock-llm
 * An OpenAI-compatible, deterministic, scriptable HTTP mock for tests. See docs/mock-llm.md.
 */
export { startMockLlm } from './server';
export { REFUSAL, defaultAnswer, findPassages } from './default-answer';
export { DEFAULT_DIMENSIONS, cosine, defaultDimensionsFor, embedText } from './embed';
export { DEFAULT_PRICES, mergePrices } from './prices';
export { classifyRepeats, failureKind, isInjectedFailure, summarizeUsage } from './journal';
export { DEFAULT_RETRY_AFTER_MS } from './faults';
export { MODERATION_CATEGORIES, MODERATION_TRIGGERS, moderationScores } from './moderations';
export { IMAGE_TOKENS, cachedTokensFor } from './responses';
export type {
  FaultKind,
  FinishReason,
  JournalEntry,
  MockLlm,
  MockLlmOptions,
  ModelPrice,
  PriceTable,
  ScriptMatch,
  ScriptResponse,
  ScriptRule,
  ScriptToolCall,
  UsageBucket,
  UsageSummary,
} from './types';
