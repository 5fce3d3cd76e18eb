import nodemailer, { type Transporter } from 'nodemailer';
import { deliveryIdOf, type AttemptExcerpt, type ExcerptRequest, type QueuedTask } from '@later/queue';
import type { Channel, DeliveryContext, DeliveryResult } from './channel.js';
import { bodyExcerpt } from './excerpt.js';
import { storableText } from './storableText.js';
import { networkFailureClass, smtpFailureClass } from './failureClass.js';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Refuse servers whose certificate does not verify (default); off only for test servers. */
  rejectUnauthorized: boolean;
}

/** Longest SMTP reply kept in an excerpt: a server's reply is a line or a few. */
const smtpReplyChars = 1024;
const smtpReply = (reply: string): string => storableText(reply.slice(0, smtpReplyChars));

/** SMTP reply codes: 5xx will not change (permanent), 4xx may (retryable). */
export function classifySmtpError(err: { responseCode?: number; code?: string; message?: string }): DeliveryResult {
  const code = err.responseCode;
  if (code !== undefined) {
    return {
      outcome: code >= 500 ? 'permanent' : 'retryable',
      error: `SMTP ${code}: ${err.message ?? ''}`.trim(),
      errorClass: smtpFailureClass(code),
    };
  }
  return {
    outcome: 'retryable',
    error: err.code ? `${err.code}: ${err.message}` : String(err.message),
    errorClass: networkFailureClass(err.code),
  };
}

/** Sends email tasks through one SMTP server, with pooled connections. */
export class EmailChannel implements Channel {
  private readonly transport: Transporter;

  constructor(private readonly smtp: SmtpSettings) {
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 5,
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
      tls: { rejectUnauthorized: smtp.rejectUnauthorized },
    });
  }

  async deliver(task: QueuedTask, context: DeliveryContext): Promise<DeliveryResult> {
    if (task.channel !== 'email')
      return { outcome: 'permanent', error: `not an email task`, errorClass: 'invalid_request' };
    const { to, subject, text, html } = task.email;
    const sent: ExcerptRequest = { to, from: this.smtp.from, subject: storableText(subject), body: bodyExcerpt(text) };
    const sending = this.transport.sendMail({
      from: this.smtp.from,
      to,
      subject,
      text,
      ...(html !== undefined ? { html } : {}),
      headers: { 'Later-Delivery-Id': deliveryIdOf(context.taskId, task), 'Later-Attempt': String(context.attempt) },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<DeliveryResult>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            outcome: 'retryable',
            error: `timed out after ${task.timeoutMs} ms`,
            errorClass: 'timeout',
            excerpt: { request: sent },
          }),
        task.timeoutMs,
      );
    });
    try {
      const accepted = sending.then((info: { response?: string }) => ({
        outcome: 'success' as const,
        excerpt: { request: sent, ...(info.response ? { response: { reply: smtpReply(info.response) } } : {}) },
      }));
      return await Promise.race([accepted, timedOut]);
    } catch (err) {
      // nodemailer's error carries the server's reply when the server gave one.
      const { response } = err as { response?: unknown };
      const excerpt: AttemptExcerpt = {
        request: sent,
        ...(typeof response === 'string' ? { response: { reply: smtpReply(response) } } : {}),
      };
      return { ...classifySmtpError(err as { responseCode?: number; code?: string; message?: string }), excerpt };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.transport.close();
  }
}
