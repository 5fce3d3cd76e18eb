-- Web sessions, and what reminders need to know about a user.

ALTER TABLE users
  ADD COLUMN phone       text,
  ADD COLUMN timezone    text NOT NULL DEFAULT 'UTC',
  -- Local times (HH:MM) between which no reminder is delivered; both or neither.
  ADD COLUMN quiet_start text,
  ADD COLUMN quiet_end   text;

CREATE TABLE sessions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the cookie's random token: a stolen database does not open sessions.
  token_hash  text NOT NULL UNIQUE,
  csrf_token  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);
