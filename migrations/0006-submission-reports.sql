-- The code-quality analysis of a finished submission, computed after the verdict by a separate sandbox run
-- (the `analyze` job). No row means the analysis is still pending; `failed` rows keep the cause.
CREATE TABLE submission_quality (
  submission_id uuid PRIMARY KEY REFERENCES submissions (id) ON DELETE CASCADE,
  status        text NOT NULL CHECK (status IN ('done', 'failed')),
  analysis      jsonb,
  duration_ms   integer,
  error         text,
  attempts      integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'done') = (analysis IS NOT NULL))
);
