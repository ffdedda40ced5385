-- Answers of POST /api/register kept by Idempotency-Key, so that a retry (a double click, a
-- resend after a network error) replays the first answer instead of registering again. A row with
-- no status is a request still running until locked_until; a row older than the configured time to
-- keep them is swept.
CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    -- SHA-256 of the request without its password: only a slow hash of a password is ever stored.
    fingerprint  text NOT NULL,
    status       smallint,
    body         text,
    locked_until timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
