/**
 * A token bucket whose `take` waits for a token: a channel's rate limit (an SMTP server that
 * accepts 10 messages a second). Waiting happens inside the channel's own slots, so a channel
 * that is held back never holds back another.
 */
export class RatePacer {
  private tokens: number;
  private updatedAt = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, perSecond),
  ) {
    this.tokens = this.burst;
  }

  take(): Promise<void> {
    // Callers queue up, so tokens go out in order and none is counted twice.
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn;
    return turn;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
      this.updatedAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

/**
 * Deliveries in flight per destination (a webhook's host, an email's domain): one slow
 * receiver may hold at most `limit` of the sender's slots; the rest go to everyone else.
 */
export class DestinationGate {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly limit: number) {}

  tryEnter(destination: string): boolean {
    const count = this.inFlight.get(destination) ?? 0;
    if (count >= this.limit) return false;
    this.inFlight.set(destination, count + 1);
    return true;
  }

  leave(destination: string): void {
    const count = (this.inFlight.get(destination) ?? 1) - 1;
    if (count <= 0) this.inFlight.delete(destination);
    else this.inFlight.set(destination, count);
  }
}
