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
