-- Candidates may write Python: the one language check on submissions widens (drafts and assessments hold any text).
ALTER TABLE submissions DROP CONSTRAINT submissions_language_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_language_check CHECK (language IN ('typescript', 'javascript', 'python'));
