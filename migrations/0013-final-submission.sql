-- Which finished submission of a candidate to a challenge is their final one (the comparison table, its CSV):
-- 'last' (the latest) or 'best' (the highest score; ties: the later one).
ALTER TABLE assessments ADD COLUMN final_submission text NOT NULL DEFAULT 'last' CHECK (final_submission IN ('last', 'best'));
