-- What an applicant-tracking system needs: invite metadata, a candidate's finish, events besides submission.finished
-- (an outbox the webhook worker drains), and erasure of a candidate's data with an audit record that keeps no personal data.
ALTER TABLE invites ADD COLUMN metadata jsonb;
-- set once: by the candidate ("finish"), when their time is up, or when the assessment closes
ALTER TABLE invites ADD COLUMN finished_at timestamptz;
ALTER TABLE invites ADD COLUMN finish_reason text CHECK (finish_reason IN ('candidate', 'time_up', 'assessment_closed'));
ALTER TABLE invites ADD CHECK ((finished_at IS NULL) = (finish_reason IS NULL));
-- set once the closing was noticed (events are sent for closings after this migration only)
ALTER TABLE assessments ADD COLUMN close_noticed_at timestamptz;
UPDATE assessments SET close_noticed_at = closes_at WHERE closes_at <= now();

CREATE TABLE webhook_events (
  id             bigserial PRIMARY KEY,
  assessment_id  uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
  type           text NOT NULL CHECK (type IN ('invite.started', 'invite.finished', 'assessment.closed')),
  -- one event per fact, however many processes notice it
  dedupe_key     text NOT NULL UNIQUE,
  payload        jsonb NOT NULL,
  -- NULL until a webhook worker has put it on the delivery queue
  enqueued_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_pending_idx ON webhook_events (id) WHERE enqueued_at IS NULL;

ALTER TABLE webhook_deliveries ALTER COLUMN submission_id DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN event_id bigint REFERENCES webhook_events (id) ON DELETE CASCADE;
ALTER TABLE webhook_deliveries ADD COLUMN event_type text NOT NULL DEFAULT 'submission.finished';
ALTER TABLE webhook_deliveries ADD CHECK ((submission_id IS NULL) <> (event_id IS NULL));

-- Who erased which invite's data, when, and how much; the invite and everything of it are gone.
CREATE TABLE erasures (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id  uuid NOT NULL,
  invite_id      uuid NOT NULL,
  erased_by      uuid,
  erased_by_name text NOT NULL,
  reason         text,
  counts         jsonb NOT NULL,
  erased_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX erasures_assessment_idx ON erasures (assessment_id, erased_at);

CREATE INDEX submissions_listing_idx ON submissions (created_at DESC, id DESC) WHERE purpose = 'submission' AND invite_id IS NOT NULL;
