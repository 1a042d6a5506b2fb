/**
 * @module models
 * `GET /v1/models` and `GET /v1/models/:id`. The list is fixed; chat and embeddings accept any model name.
 */
import { MockHttpError } from './errors';
import { sendJsonWithFaults } from './faults';
import type { Route } from './route';

/** Model ids listed by `GET /v1/models`. */
export const MODEL_IDS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4.1', 'text-embedding-3-small', 'text-embedding-3-large'];

const CREATED = 1700000000;

function model(id: string): unknown {
  return { id, object: 'model', created: CREATED, owned_by: 'mock-llm' };
}

export const modelsRoute: Route<{ id: string | null }> = {
  prepare(_body, param) {
    const id = param ?? null;
    if (id !== null && !MODEL_IDS.includes(id)) {
      throw new MockHttpError(404, `The model '${id}' does not exist or you do not have access to it.`, 'model', 'model_not_found');
    }
    return { req: { id }, model: null, text: '', stream: false, promptTokens: 0 };
  },
  respond(ctx, prepared, r) {
    const { id } = prepared.req;
    sendJsonWithFaults(ctx, id === null ? { object: 'list', data: MODEL_IDS.map(model) } : model(id), r);
  },
};
