import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

export interface HealthLimits {
  /** Event-loop delay (p99 over the last sample window) above which the process is overloaded (ms). */
  maxEventLoopDelayMs: number;
  /** Share of V8's heap limit in use above which the process is overloaded (percent). */
  maxHeapPercent: number;
  /** Resident memory above which the process is overloaded (MiB); 0: no limit. */
  maxRssMb: number;
}

export interface HealthSample {
  eventLoopDelayMs: number;
  heapPercent: number;
  rssMb: number;
}

/** Why a sample says the process is overloaded, or undefined when it is within every limit. */
export function overloadOf(sample: HealthSample, limits: HealthLimits): string | undefined {
  if (sample.eventLoopDelayMs > limits.maxEventLoopDelayMs) {
    return `event-loop delay ${Math.round(sample.eventLoopDelayMs)} ms is over ${limits.maxEventLoopDelayMs} ms`;
  }
  if (sample.heapPercent > limits.maxHeapPercent) {
    return `heap ${Math.round(sample.heapPercent)} % of its limit is over ${limits.maxHeapPercent} %`;
  }
  if (limits.maxRssMb > 0 && sample.rssMb > limits.maxRssMb) {
    return `resident memory ${Math.round(sample.rssMb)} MiB is over ${limits.maxRssMb} MiB`;
  }
  return undefined;
}

/** What the delivery loop asks before it takes work. */
export interface LoadGate {
  /** Why no new work should be taken now, or undefined. */
  overload(): string | undefined;
}

/**
 * Whether this process can take more work, judged every `sampleMs` from its event-loop delay and
 * memory. A sender that takes work while its event loop lags or its heap is nearly full only
 * makes every delivery it holds later, or dies holding them; left in Redis, the work waits for
 * this sender to recover or for another to take it.
 */
export class ProcessHealth implements LoadGate {
  private readonly delay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly heapLimit = getHeapStatistics().heap_size_limit;
  private timer: NodeJS.Timeout | undefined;
  private current: string | undefined;
  lastSample: HealthSample = { eventLoopDelayMs: 0, heapPercent: 0, rssMb: 0 };

  constructor(
    private readonly limits: HealthLimits,
    private readonly sampleMs = 500,
  ) {}

  start(): void {
    this.delay.enable();
    this.timer = setInterval(() => this.sample(), this.sampleMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.delay.disable();
  }

  overload(): string | undefined {
    return this.current;
  }

  private sample(): void {
    const memory = process.memoryUsage();
    this.lastSample = {
      eventLoopDelayMs: this.delay.percentile(99) / 1e6,
      heapPercent: (memory.heapUsed / this.heapLimit) * 100,
      rssMb: memory.rss / 2 ** 20,
    };
    this.delay.reset();
    this.current = overloadOf(this.lastSample, this.limits);
  }
}
