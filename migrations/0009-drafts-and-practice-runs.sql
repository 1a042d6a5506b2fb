-- The candidate's editor: drafts kept server-side (one per invite, pinned challenge version and language, so a reload
-- or another browser on the same invite finds it), and practice runs ("Run public tests"): submissions rows with
-- purpose 'practice', judged through the same queue and sandbox with the public tests only, never counted as a
-- submission (lists, limits, webhooks, analysis and reports read purpose = 'submission').
CREATE TABLE drafts (
  invite_id     uuid NOT NULL REFERENCES invites (id),
  challenge_id  bigint NOT NULL REFERENCES challenges (id),
  language      text NOT NULL,
  files         jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (invite_id, challenge_id, language)
);

-- 0005's checks, by definition (their names were chosen by PostgreSQL): purpose gains 'practice', which, like a
-- submission, belongs to an invite.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
    WHERE conrelid = 'submissions'::regclass AND contype = 'c'
      AND (pg_get_constraintdef(oid) LIKE '%''gate''::text, ''rejudge''::text%'
        OR pg_get_constraintdef(oid) LIKE '%invite_id IS NULL%')
  LOOP
    EXECUTE format('ALTER TABLE submissions DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;

ALTER TABLE submissions
  ADD CONSTRAINT submissions_purpose_check CHECK (purpose IN ('submission', 'gate', 'rejudge', 'practice')),
  ADD CONSTRAINT submissions_invite_purpose_check CHECK (purpose IN ('submission', 'practice') OR invite_id IS NULL),
  ADD CONSTRAINT submissions_practice_invite_check CHECK (purpose <> 'practice' OR invite_id IS NOT NULL);
CREATE INDEX submissions_invite_latest_idx ON submissions (invite_id, challenge_id, purpose, created_at DESC) WHERE invite_id IS NOT NULL;
