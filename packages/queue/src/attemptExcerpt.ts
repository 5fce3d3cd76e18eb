/**
 * What one delivery attempt sent and what it got back, cut to a bounded size by the sender
 * (services/sender/src/channels/excerpt.ts): secrets redacted, each body at most 4 KiB. It rides
 * with the attempt's report through the events stream to its row in Postgres.
 */
export interface AttemptExcerpt {
  request: ExcerptRequest;
  /** Absent when nothing answered (a network failure, a timeout). */
  response?: ExcerptResponse;
}

export interface ExcerptRequest {
  /** Webhook and SMS: the HTTP request of the attempt's last hop. */
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  /** Email: the envelope and subject; SMS: the recipient. */
  to?: string;
  from?: string;
  subject?: string;
  body?: ExcerptBody;
}

export interface ExcerptResponse {
  /** HTTP status (webhook, SMS provider). */
  status?: number;
  headers?: Record<string, string>;
  body?: ExcerptBody;
  /** Email: the SMTP server's reply to the message, as it gave it. */
  reply?: string;
}

export interface ExcerptBody {
  /** The body's start, as UTF-8 text: at most 4 KiB of it. */
  text: string;
  /** The whole body's size in bytes, when known (a response read in full, or its Content-Length). */
  bytes?: number;
  /** True when `text` is not the whole body. */
  truncated: boolean;
}
