/**
 * How tasks due well after now wait in Redis (lua/includes/parking.lua): not in the due set and
 * the bodies hash (~250 bytes a task) but as one element of their minute's list plus their id
 * in a hash of neighbouring ids (~135 bytes), until a claim promotes their minute `aheadMs`
 * before it starts. The horizon queuer fills Redis with the next hour, so almost every task
 * Redis holds is parked.
 */
export interface ParkingLayout {
  /** Width of a parking slot (ms): one list per shard and slot. */
  slotMs: number;
  /** How long before its slot starts a parked task moves into the due set (ms). */
  aheadMs: number;
  /**
   * Ids per parked-at hash: neighbouring ids share one, so with the default 16 shards each holds
   * up to 64 and stays in Redis' compact encoding (up to 128 entries).
   */
  idSpan: number;
}

/**
 * A minute per slot; promoted two minutes ahead, so a scheduler that sleeps up to MAX_SLEEP_MS
 * (1 s by default) between looks, or a replica taking over a dead one's shards, has a wide
 * margin before any parked task is due. Services must not disagree on `idSpan`.
 */
export const defaultParking: ParkingLayout = { slotMs: 60_000, aheadMs: 120_000, idSpan: 1024 };
