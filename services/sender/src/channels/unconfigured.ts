import type { Channel, DeliveryResult } from './channel.js';

/** A channel this deployment has no settings for: its tasks fail for good, saying what is missing. */
export class UnconfiguredChannel implements Channel {
  constructor(private readonly missing: string) {}

  async deliver(): Promise<DeliveryResult> {
    return {
      outcome: 'permanent',
      error: `this deployment cannot send it: ${this.missing} not set`,
      errorClass: 'not_configured',
    };
  }
}
