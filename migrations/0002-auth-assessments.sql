-- Assessments pin challenge versions; invites are the candidates of an assessment; bearer tokens are stored as
-- sha256 hashes only; webhook deliveries record every attempt to call an assessment's callback URL.
CREATE TABLE assessments (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name              text NOT NULL,
  -- the token that created it (its author); NULL when the bootstrap admin token did
  created_by        uuid,
  opens_at          timestamptz,
  closes_at         timestamptz,
  duration_minutes  integer CHECK (duration_minutes > 0),
  callback_url      text,
  -- kept in clear because signing needs it; returned to the author once, at creation
  webhook_secret    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (opens_at IS NULL OR closes_at IS NULL OR opens_at < closes_at),
  CHECK ((callback_url IS NULL) = (webhook_secret IS NULL))
);

-- The exact challenge version each assessment was created with: a later version never changes a candidate's task.
CREATE TABLE assessment_challenges (
  assessment_id  uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  slug           text NOT NULL,
  challenge_id   bigint NOT NULL REFERENCES challenges (id),
  position       integer NOT NULL,
  PRIMARY KEY (assessment_id, slug)
);

CREATE TABLE invites (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id  uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  name           text NOT NULL,
  email          text NOT NULL,
  -- the candidate's first authenticated request inside the window; the duration counts from here
  started_at     timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (assessment_id, email)
);

CREATE TABLE api_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash  text NOT NULL UNIQUE,
  role        text NOT NULL CHECK (role IN ('admin', 'author', 'grader', 'candidate')),
  name        text NOT NULL,
  invite_id   uuid REFERENCES invites (id) ON DELETE CASCADE,
  created_by  uuid,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'candidate') = (invite_id IS NOT NULL))
);

-- NULL for staff submissions (admin, author, grader testing a challenge).
ALTER TABLE submissions ADD COLUMN invite_id uuid REFERENCES invites (id);
CREATE INDEX submissions_invite_idx ON submissions (invite_id, created_at) WHERE invite_id IS NOT NULL;

CREATE TABLE webhook_deliveries (
  id             bigserial PRIMARY KEY,
  assessment_id  uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  submission_id  uuid NOT NULL REFERENCES submissions (id),
  attempt        integer NOT NULL,
  url            text NOT NULL,
  status_code    integer,
  ok             boolean NOT NULL,
  will_retry     boolean NOT NULL,
  error          text,
  duration_ms    integer NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_assessment_idx ON webhook_deliveries (assessment_id, created_at);
