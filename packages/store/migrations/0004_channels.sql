-- Email and SMS beside webhooks; what the error report groups by.

-- Where a task goes, for grouping failures: the webhook's host, the email's domain, or 'sms'.
ALTER TABLE tasks ADD COLUMN target_host text NOT NULL DEFAULT '';
-- A failed attempt's kind of failure (http_5xx, timeout, connection_refused, smtp_5xx, ...).
ALTER TABLE attempts ADD COLUMN error_class text;
