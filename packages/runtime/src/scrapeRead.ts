/**
 * A value read from elsewhere (Redis, say) only when Prometheus scrapes, so it costs nothing
 * while nobody does. However many gauges show parts of it, one scrape reads it once: prom-client
 * collects every metric of a scrape at the same moment, and they all share the read in flight.
 *
 * A read that fails or takes longer than `timeoutMs` gives `undefined`: the gauges built on it
 * leave themselves out of that scrape, and the scrape still answers with everything else,
 * instead of failing or hanging while the dependency is down.
 */
export class ScrapeRead<T> {
  private inFlight: Promise<T | undefined> | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly timeoutMs = 500,
  ) {}

  get(): Promise<T | undefined> {
    this.inFlight ??= this.readWithin().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private readWithin(): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.timeoutMs);
    });
    const read = Promise.resolve()
      .then(() => this.read())
      .catch(() => undefined);
    return Promise.race([read, givenUp]).finally(() => clearTimeout(timer));
  }
}
