-- Who may add and publish versions of a slug: the author whose upload created it (their token), or admins only
-- (owner_token NULL: bundled challenges and slugs the bootstrap admin created). One hiring team's author cannot
-- change another team's challenge.
CREATE TABLE challenge_owners (
  slug         text PRIMARY KEY,
  owner_token  uuid,
  created_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO challenge_owners (slug) SELECT DISTINCT slug FROM challenges;
