-- What the challenge version's reference solution costs (LLM usage, quality headline), measured by the publish gate
-- and shown beside a candidate's figures in graders' reports ("3.2x the reference's tokens").
ALTER TABLE challenges ADD COLUMN reference_figures jsonb;
