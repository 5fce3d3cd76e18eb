--[[
  Records the outcome of one delivery attempt reported by a sender, releases its lease, and
  re-queues it when it should be retried. A report whose fencing token is not the current
  attempt (a sender that stalled past its lease while another took over) is refused.

  KEYS[1] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[4] due set       ZSET  taskId -> due score
  KEYS[5] events        STREAM history events for Postgres
  KEYS[6] streams       HASH  streamKey -> taskId holding the stream
  KEYS[7] deadlines     ZSET  taskId -> deadline bump time (ms)
  KEYS[8] ready prefix  the ready sets are KEYS[8] .. channel name (same hash tag)

  ARGV[1] taskId
  ARGV[2] attempt number (the token handed out by takeReady)
  ARGV[3] outcome: success | retryable | permanent
  ARGV[4] retry delay (ms) from now, used when the outcome is retryable and attempts remain
  ARGV[5] attempt start (ms)
  ARGV[6] HTTP status, or '' when there was none
  ARGV[7] error text, or ''
  ARGV[8] stream prefix, ARGV[9] wake channel, ARGV[10] ready channel, ARGV[11] shard number

  Returns the task's new status (delivered | retrying | dead), or 'stale' when refused.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt

local id, n = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[3], id) ~= n or not redis.call('ZSCORE', KEYS[1], id) then
  return 'stale'
end
redis.call('ZREM', KEYS[1], id)
local k = { tasks = KEYS[2], due = KEYS[4], events = KEYS[5], streams = KEYS[6], deadlines = KEYS[7], readyPrefix = KEYS[8] }
local c = { streamPrefix = ARGV[8], wakeChannel = ARGV[9], readyChannel = ARGV[10], shard = ARGV[11] }
return finishAttempt(k, c, id, n, ARGV[3], tonumber(ARGV[4]), redisNowMs(), ARGV[5], ARGV[6], ARGV[7])
