import type { DeliveryChannel } from '@later/queue';
import { RatePacer } from './flowControl.js';

export interface LaneSettings {
  channel: DeliveryChannel;
  /** Deliveries of this channel in flight at most: work is taken only for free slots. */
  concurrency: number;
  /** Deliveries started per second at most, if the channel is rate limited. */
  ratePerSecond?: number;
}

/** One channel's share of the sender: its own slots and rate, so channels never starve each other. */
export class Lane {
  inFlight = 0;
  readonly pacer: RatePacer | undefined;

  constructor(readonly settings: LaneSettings) {
    this.pacer = settings.ratePerSecond ? new RatePacer(settings.ratePerSecond) : undefined;
  }

  get free(): number {
    return this.settings.concurrency - this.inFlight;
  }
}
