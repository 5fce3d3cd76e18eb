-- Which key versions sign an owner's webhooks (the keys themselves are derived, never stored).
-- No row: version 1 alone.
CREATE TABLE signing_versions (
  owner_id        uuid PRIMARY KEY,
  current_version int NOT NULL,
  next_version    int,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
