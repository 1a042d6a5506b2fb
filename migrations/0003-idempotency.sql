-- A client may send Idempotency-Key with a submission; a retry with the same key (same caller) returns the first one.
ALTER TABLE submissions
  ADD COLUMN idempotency_scope text,
  ADD COLUMN idempotency_key text,
  ADD COLUMN idempotency_body_hash text;

CREATE UNIQUE INDEX submissions_idempotency_idx ON submissions (idempotency_scope, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
