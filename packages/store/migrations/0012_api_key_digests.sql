-- API keys are 256-bit random secrets, so a SHA-256 of the secret is as safe at rest as a slow
-- hash and costs microseconds to check: a guessed key no longer costs a 32 MiB scrypt. Keys made
-- before this keep their scrypt hash until their first use, which replaces it with the digest.
ALTER TABLE api_keys ADD COLUMN secret_digest text;
ALTER TABLE api_keys ALTER COLUMN secret_hash DROP NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_secret_stored CHECK (secret_digest IS NOT NULL OR secret_hash IS NOT NULL);
