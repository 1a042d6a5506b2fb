/**
 * @module types
 * Public types of the mock LLM: script rules, journal entries, usage summary, prices.
 */

/** finish_reason values the mock can emit. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** When a rule applies. Every given field must hold; an empty match applies to every request. */
export interface ScriptMatch {
  /** Request path, e.g. "/v1/chat/completions" or "/v1/responses" ("/chat/completions" also works). */
  path?: string;
  /** Exact `model` of the request body. */
  model?: string;
  /**
   * Regex (string source or RegExp) tested against the message contents (chat), the instructions and input texts
   * with any `previous_response_id` conversation (responses), or the inputs (embeddings, moderations), joined by "\n".
   */
  messages?: string | RegExp;
  /** 1-based number of the request on this path since start or reset (retries count too). */
  call?: number;
  /** How many times the rule may apply before it is exhausted (default: unlimited). */
  times?: number;
}

/** A scripted tool call; `arguments` may be an object (serialised with JSON.stringify) or a raw string. */
export interface ScriptToolCall {
  name: string;
  arguments?: unknown;
  id?: string;
}

/** Options that apply to every response kind. */
export interface ResponseTiming {
  /** Wait this long before answering. */
  delayMs?: number;
  /** Streaming only: wait this long between chunks. */
  chunkDelayMs?: number;
}

/** Optional content for the stream faults (defaults to the default answer). */
export interface FaultContent extends ResponseTiming {
  stream?: string[];
  reply?: string;
}

export type ScriptResponse =
  | ({ reply: string; finishReason?: FinishReason } & ResponseTiming)
  | ({ json: unknown } & ResponseTiming)
  | ({ toolCalls: ScriptToolCall[]; reply?: string } & ResponseTiming)
  | ({ stream: string[]; finishReason?: FinishReason } & ResponseTiming)
  | ({ embedding: number[] } & ResponseTiming)
  /** Moderations: flag exactly these categories on every input (`[]` for a clean result). */
  | ({ moderation: { categories: string[] } } & ResponseTiming)
  | ({
      status: number;
      retryAfterMs?: number;
      message?: string;
      type?: string;
      code?: string | null;
      param?: string | null;
      /** Sets the `x-should-retry` header, which the SDKs obey over their status rules. */
      shouldRetry?: boolean;
    } & ResponseTiming)
  | { delayMs: number; chunkDelayMs?: number }
  | { hang: true }
  | ({ stallAfterChunks: number } & FaultContent)
  | ({ truncateAfterChunks: number; abrupt?: boolean } & FaultContent)
  | ({ errorFrameAfterChunks: number; message?: string } & FaultContent)
  | ({ malformedJson: true } & ResponseTiming);

/** One ordered script rule. The first matching, non-exhausted, applicable rule wins. */
export interface ScriptRule {
  match?: ScriptMatch;
  respond: ScriptResponse;
}

/** What kind of fault a response was, if any. */
export type FaultKind = 'status' | 'hang' | 'stall' | 'truncate' | 'errorFrame' | 'malformedJson';

/** One recorded request. `journal()` returns deep copies. */
export interface JournalEntry {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  requestId: string;
  method: string;
  path: string;
  /** Request headers without credentials (authorization, api-key, x-api-key, cookie, proxy-authorization). */
  headers: Record<string, string>;
  /** Whether a non-empty credential was sent. */
  hasApiKey: boolean;
  /** Parsed JSON body; the raw text when it did not parse; null when empty. */
  body: unknown;
  model: string | null;
  stream: boolean;
  /** Status sent, or null while nothing was sent (in flight, hang). */
  status: number | null;
  fault: FaultKind | null;
  /** Index of the matched script rule, or null for default behaviour. */
  rule: number | null;
  /** 1-based request number on this path. */
  call: number;
  /** From `x-stainless-retry-count` (0 when absent). */
  retryCount: number;
  /** The SDK said so (`x-stainless-retry-count` > 0); the usage summary counts retries by repeated body instead. */
  isRetry: boolean;
  promptTokens: number;
  /** Of `promptTokens`, those the provider served from its prompt cache (priced at the cached-input rate). */
  cachedTokens: number;
  completionTokens: number;
  /** Arrival to response end or socket close; null while open. */
  latencyMs: number | null;
  /** The connection closed before the response was complete. */
  clientClosed: boolean;
}

/** Per 1M tokens, in US dollars. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Cached input tokens; default half of `inputPerMillion`. */
  cachedInputPerMillion?: number;
}

/** Prices per model; `models` keys match exactly or as the longest prefix of the model name. */
export interface PriceTable {
  default?: ModelPrice;
  models?: Record<string, ModelPrice>;
}

export interface UsageBucket {
  calls: number;
  promptTokens: number;
  /** Of `promptTokens`, cached (absent in summaries made before cached tokens were counted). */
  cachedTokens?: number;
  completionTokens: number;
  totalTokens: number;
  errors: number;
  retries: number;
  costUsd: number;
}

export interface UsageSummary extends UsageBucket {
  /** Requests still open (in flight, hanging, stalled). */
  inFlight: number;
  latencyMs: { mean: number; max: number };
  byPath: Record<string, UsageBucket>;
  byModel: Record<string, UsageBucket>;
  /** Failed requests by kind: `429`, `5xx`, `4xx`, `timeout` (hang, stall, closed before the answer), `fault` (broken body). */
  errorKinds?: Record<string, number>;
  /**
   * Retries (SDK and the candidate's own) by the kind of failure they repeated: a retry is the same request (path and
   * body) sent again after it failed with a 429, a 5xx, a timeout or a broken body. `retries` is their sum.
   */
  retryTriggers?: Record<string, number>;
  /** The same request sent again after a 4xx (which will fail the same way): not a retry, and a flaw. */
  repeatsAfterClientError?: number;
  /** Tests during which a script or fault rule made a request fail (set by the harness, run-wide summaries only). */
  injectedFailureTests?: string[];
}

export interface MockLlmOptions {
  host?: string;
  port?: number;
  prices?: PriceTable;
  /** Expose /_mock/* control endpoints over HTTP. Only for the standalone CLI. */
  controlApi?: boolean;
}

export interface MockLlm {
  /** e.g. http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  port: number;
  setScripts(rules: ScriptRule[]): void;
  /** Clears scripts, journal and call counters. */
  reset(): void;
  journal(): JournalEntry[];
  usage(): UsageSummary;
  close(): Promise<void>;
}
