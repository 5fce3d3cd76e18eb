--[[
  Records the outcome of one delivery attempt reported by a sender, releases its lease, and
  re-queues it when it should be retried. A report whose fencing token is not the current
  attempt (a sender that stalled past its lease while another took over) is refused.

  KEYS[1] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (JSON)
  KEYS[3] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[4] due set       ZSET  taskId -> due time (ms)
  KEYS[5] events        STREAM history events for Postgres

  ARGV[1] taskId
  ARGV[2] attempt number (the token handed out by takeReady)
  ARGV[3] outcome: success | retryable | permanent
  ARGV[4] retry delay (ms) from now, used when the outcome is retryable and attempts remain
  ARGV[5] attempt start (ms)
  ARGV[6] HTTP status, or '' when there was none
  ARGV[7] error text, or ''
  ARGV[8] wake channel
  ARGV[9] shard number

  Returns the task's new status (delivered | retrying | dead), or 'stale' when refused.
]]
--@include redisNow
--@include wakeIfEarlier
--@include finishAttempt

local id, n = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[3], id) ~= n or not redis.call('ZSCORE', KEYS[1], id) then
  return 'stale'
end
redis.call('ZREM', KEYS[1], id)
local k = { tasks = KEYS[2], due = KEYS[4], events = KEYS[5] }
local now = redisNowMs()
return finishAttempt(k, id, n, ARGV[3], now + tonumber(ARGV[4]), now, ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])
