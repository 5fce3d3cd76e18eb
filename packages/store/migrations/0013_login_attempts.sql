-- Password attempts per account, shared by every frontend replica. `account` is the lower-cased
-- email as typed, whether or not it has an account: a lockout must not tell which emails exist.
CREATE TABLE login_attempts (
  account  text PRIMARY KEY,
  failures int NOT NULL,
  last_at  timestamptz NOT NULL
);
CREATE INDEX login_attempts_last_at ON login_attempts (last_at);
