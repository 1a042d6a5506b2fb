/**
 * @module route
 * The shape shared by the API routes: validate a request, then answer it (maybe with a scripted response).
 */
import type { Ctx } from './http-util';
import type { FlatResponse } from './scripts';

/** A validated request plus what the journal and matcher need to know about it. */
export interface Prepared<T> {
  req: T;
  model: string | null;
  /** What `match.messages` is tested against. */
  text: string;
  stream: boolean;
  promptTokens: number;
}

export interface Route<T = unknown> {
  /** Validate the body (throws MockHttpError). `param` is the path parameter, e.g. a model id. */
  prepare(body: unknown, param: string | undefined): Prepared<T>;
  /** Answer; `r` is the matched rule's response or null. */
  respond(ctx: Ctx, prepared: Prepared<T>, r: FlatResponse | null): Promise<void> | void;
}
