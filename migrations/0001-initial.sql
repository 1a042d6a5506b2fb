-- Challenges: every load of a package is an immutable version; submissions pin the version they were judged against.
CREATE TABLE challenges (
  id            bigserial PRIMARY KEY,
  slug          text NOT NULL,
  version       integer NOT NULL,
  title         text NOT NULL,
  family        text NOT NULL CHECK (family IN ('rag', 'data', 'endpoint')),
  summary       text NOT NULL,
  statement     text NOT NULL,
  manifest      jsonb NOT NULL,
  package       jsonb NOT NULL,
  test_plan     jsonb NOT NULL,
  content_hash  text NOT NULL,
  status        text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'retired')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (slug, version)
);

CREATE TABLE submissions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  challenge_id  bigint NOT NULL REFERENCES challenges (id),
  language      text NOT NULL CHECK (language IN ('typescript', 'javascript')),
  files         jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'finished')),
  verdict       text CHECK (verdict IN ('accepted', 'partial', 'wrong_answer', 'compile_error', 'runtime_error',
                                        'time_limit', 'memory_limit', 'output_limit', 'internal_error')),
  score         numeric,
  max_score     numeric,
  result        jsonb,
  error         text,
  attempts      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  CHECK ((status = 'finished') = (verdict IS NOT NULL))
);

CREATE INDEX submissions_unfinished_idx ON submissions (updated_at) WHERE status <> 'finished';
