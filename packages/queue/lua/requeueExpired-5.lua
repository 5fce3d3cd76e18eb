--[[
  Takes back the tasks of one shard whose lease expired (their sender died or stalled): each
  such attempt is recorded as lost and the task is retried at once, or is dead when it has no
  attempts left. Any scheduler may run it; the script is atomic, so none takes a task twice.

  KEYS[1] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (JSON)
  KEYS[3] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[4] due set       ZSET  taskId -> due time (ms)
  KEYS[5] events        STREAM history events for Postgres

  ARGV[1] most leases to take back in this call
  ARGV[2] wake channel
  ARGV[3] shard number

  Returns the number of leases taken back.
]]
--@include redisNow
--@include wakeIfEarlier
--@include finishAttempt

local now = redisNowMs()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local k = { tasks = KEYS[2], due = KEYS[4], events = KEYS[5] }
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local n = redis.call('HGET', KEYS[3], id) or '0'
  finishAttempt(k, id, n, 'lost', now, now, '', '', 'lease expired: the sender did not report in time', ARGV[2], ARGV[3])
end
return #ids
