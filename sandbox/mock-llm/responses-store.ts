/**
 * @module responses-store
 * Stored responses (`store` is true by default): readable with `GET /v1/responses/:id`, usable as
 * `previous_response_id`, and their output items as `item_reference` targets. Kept per mock until `reset()`.
 */
import { MockHttpError } from './errors';
import type { InputItem } from './responses-request';

/** One stored response: its body and the conversation it ends (prefix, input and output items). */
export interface StoredResponse {
  body: Record<string, unknown>;
  conversation: InputItem[];
  /** The prefix and input items, with ids (what `input_items` lists). */
  inputItems: InputItem[];
  /** Prompt tokens of `conversation` (what a follow-up finds cached). */
  conversationTokens: number;
}

/** The most responses one mock keeps; the oldest go first. */
export const MAX_STORED = 1000;

/** The most items `item_reference` can name; the oldest go first. */
export const MAX_ITEMS = 20_000;

/** Responses by id, and their items by id. */
export class ResponseStore {
  private responses = new Map<string, StoredResponse>();
  private items = new Map<string, InputItem>();

  /** Keep a completed response. */
  put(id: string, stored: StoredResponse): void {
    this.responses.set(id, stored);
    for (const item of stored.conversation) if (typeof item.id === 'string') this.items.set(item.id, item);
    if (this.responses.size > MAX_STORED) this.delete(this.responses.keys().next().value as string);
    for (const oldest of this.items.keys()) {
      if (this.items.size <= MAX_ITEMS) break;
      this.items.delete(oldest);
    }
  }

  /** A stored response, or a 404 shaped like OpenAI's. */
  get(id: string, param: string | null = null): StoredResponse {
    const found = this.responses.get(id);
    if (!found) throw new MockHttpError(404, `Response with id '${id}' not found.`, param, null);
    return found;
  }

  /** Forget a response (its items stay referable: a later response's conversation may hold them); false when absent. */
  delete(id: string): boolean {
    return this.responses.delete(id);
  }

  /** Replace `item_reference` items by the stored items they name (404 for an unknown id). */
  resolve(items: readonly InputItem[]): InputItem[] {
    return items.map((item, i) => {
      if (item.type !== 'item_reference') return item;
      const found = this.items.get(item.id as string);
      if (!found) throw new MockHttpError(404, `Item with id '${String(item.id)}' not found.`, `input[${i}].id`, null);
      return found;
    });
  }

  clear(): void {
    this.responses.clear();
    this.items.clear();
  }
}
