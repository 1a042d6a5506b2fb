-- Challenge authoring: uploaded versions keep their solutions (the gate needs them; never served to candidates), the
-- publish gate and rejudges run as ordinary submissions rows (same queue, same sandbox) marked by `purpose`, and a
-- submission's results are kept as a history when a rejudge is applied.
ALTER TABLE challenges ADD COLUMN solutions jsonb;

CREATE TABLE gate_runs (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  challenge_id  bigint NOT NULL REFERENCES challenges (id),
  runs          integer NOT NULL CHECK (runs > 0),
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'passed', 'failed')),
  -- the gate table (one row per solution) once every run finished
  report        jsonb,
  created_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX gate_runs_challenge_idx ON gate_runs (challenge_id, created_at);

CREATE TABLE rejudges (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- what was asked: {slug, version} or {assessmentId}
  source               jsonb NOT NULL,
  target_challenge_id  bigint NOT NULL REFERENCES challenges (id),
  status               text NOT NULL DEFAULT 'preview' CHECK (status IN ('preview', 'applied', 'cancelled')),
  -- submissions that could not be re-run (language the target does not accept), with why
  skipped              jsonb NOT NULL DEFAULT '[]',
  created_by           uuid,
  created_at           timestamptz NOT NULL DEFAULT now(),
  decided_at           timestamptz
);

ALTER TABLE submissions
  ADD COLUMN purpose text NOT NULL DEFAULT 'submission' CHECK (purpose IN ('submission', 'gate', 'rejudge')),
  ADD COLUMN gate_run_id uuid REFERENCES gate_runs (id),
  ADD COLUMN gate_solution text,
  ADD COLUMN rejudge_id uuid REFERENCES rejudges (id),
  ADD COLUMN source_submission_id uuid REFERENCES submissions (id),
  -- the version the current result was judged against when a rejudge was applied (NULL: challenge_id)
  ADD COLUMN result_challenge_id bigint REFERENCES challenges (id),
  ADD CHECK ((purpose = 'gate') = (gate_run_id IS NOT NULL)),
  ADD CHECK ((purpose = 'rejudge') = (rejudge_id IS NOT NULL AND source_submission_id IS NOT NULL)),
  ADD CHECK (purpose = 'submission' OR invite_id IS NULL);
CREATE INDEX submissions_gate_run_idx ON submissions (gate_run_id) WHERE gate_run_id IS NOT NULL;
CREATE INDEX submissions_rejudge_idx ON submissions (rejudge_id) WHERE rejudge_id IS NOT NULL;
CREATE INDEX submissions_challenge_idx ON submissions (challenge_id) WHERE purpose = 'submission';

-- Every result a submission has had, oldest first; the submissions row holds the current one. Written when a rejudge
-- is applied (the original result first), so nothing is ever overwritten without a copy.
CREATE TABLE submission_results (
  id             bigserial PRIMARY KEY,
  submission_id  uuid NOT NULL REFERENCES submissions (id),
  challenge_id   bigint NOT NULL REFERENCES challenges (id),
  verdict        text NOT NULL,
  score          numeric,
  max_score      numeric,
  result         jsonb NOT NULL,
  error          text,
  -- NULL: the original judgement; else the rejudge whose row produced it
  rejudge_id     uuid REFERENCES rejudges (id),
  judged_at      timestamptz,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_results_submission_idx ON submission_results (submission_id, id);
