import { CronExpressionParser } from 'cron-parser';
import type { IANAZone } from 'luxon';
import { fromWall, toWall, zoneOf } from './wallClock.js';

const hour = 3_600_000;

/** Thrown for a cron expression the parser refuses; the message says which part. */
export class CronError extends Error {
  override name = 'CronError';
}

/**
 * A cron expression read in a time zone. Matching wall times are enumerated on the wall clock
 * (by the parser, in UTC, where each local time exists once), then mapped to instants with the
 * DST rule of wallClock.ts.
 */
export class CronSchedule {
  private readonly zone: IANAZone;

  constructor(
    readonly expression: string,
    timezone: string,
  ) {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      throw new CronError('must have 5 fields (minute hour day month weekday), or 6 with seconds first');
    }
    this.zone = zoneOf(timezone);
    try {
      CronExpressionParser.parse(expression, { tz: 'UTC' });
    } catch (err) {
      throw new CronError((err as Error).message);
    }
  }

  /** The first run time strictly after `after` (ms), or null if the expression never matches. */
  next(after: number): number | null {
    // Just after a DST gap, wall times inside the gap (before `after` on the wall clock) run
    // moved forward, possibly after `after`: look back over the gap then, and let fromWall drop
    // what is not later than `after`.
    const lookBack = this.zone.offset(after) !== this.zone.offset(after - 3 * hour) ? 3 * hour : 0;
    const walls = CronExpressionParser.parse(this.expression, {
      tz: 'UTC',
      currentDate: new Date(toWall(after, this.zone) - lookBack),
    });
    for (let i = 0; i < 10_000 && walls.hasNext(); i++) {
      const instant = fromWall(walls.next().getTime(), this.zone, after);
      if (instant !== null) return instant;
    }
    return null;
  }
}
