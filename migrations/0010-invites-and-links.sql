-- Running an assessment from the browser: an invite may carry the ATS's external id (unique per assessment), can be
-- revoked and given extra minutes; invite links are single-use sign-in codes, stored as sha256 hashes only.
ALTER TABLE invites ADD COLUMN external_id text;
ALTER TABLE invites ADD COLUMN revoked_at timestamptz;
ALTER TABLE invites ADD COLUMN extra_minutes integer NOT NULL DEFAULT 0 CHECK (extra_minutes >= 0);
CREATE UNIQUE INDEX invites_external_id_idx ON invites (assessment_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE invite_links (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invite_id   uuid NOT NULL REFERENCES invites (id) ON DELETE CASCADE,
  code_hash   text NOT NULL UNIQUE,
  created_by  uuid,
  expires_at  timestamptz NOT NULL,
  -- set once, by the request that signs the candidate in; a used link never works again
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invite_links_invite_idx ON invite_links (invite_id);

-- The languages candidates may submit in (NULL: every language each challenge offers).
ALTER TABLE assessments ADD COLUMN languages text[] CHECK (languages IS NULL OR cardinality(languages) > 0);
