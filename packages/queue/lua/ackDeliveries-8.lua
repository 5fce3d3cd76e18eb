--[[
  Records the outcomes of delivery attempts reported by a sender (one or many: a busy sender
  reports in batches), releases each lease, and re-queues each task that should be retried. A
  report whose fencing token is not the current attempt (a sender that stalled past its lease
  while another took over) is refused.

  KEYS[1] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[4] due set       ZSET  taskId -> due score
  KEYS[5] events        STREAM history events for Postgres
  KEYS[6] streams       HASH  streamKey -> taskId holding the stream
  KEYS[7] deadlines     ZSET  taskId -> deadline bump time (ms)
  KEYS[8] ready prefix  the ready sets are KEYS[8] .. channel name (same hash tag)

  ARGV[1] stream prefix, ARGV[2] wake channel, ARGV[3] ready channel, ARGV[4] shard number
  ARGV[5..] groups of seven, one per report:
    taskId; attempt number (the token handed out by takeReady); outcome: success | retryable |
    permanent; retry delay (ms) from now, used when the outcome is retryable and attempts
    remain; attempt start (ms); HTTP status, or ''; error text, or ''

  Returns, per report in order, the task's new status (delivered | retrying | dead), or 'stale'
  when refused.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt

local k = { tasks = KEYS[2], due = KEYS[4], events = KEYS[5], streams = KEYS[6], deadlines = KEYS[7], readyPrefix = KEYS[8] }
local c = { streamPrefix = ARGV[1], wakeChannel = ARGV[2], readyChannel = ARGV[3], shard = ARGV[4] }
local now = redisNowMs()
local statuses = {}
for i = 5, #ARGV, 7 do
  local id, n = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', KEYS[3], id) ~= n or not redis.call('ZSCORE', KEYS[1], id) then
    statuses[#statuses + 1] = 'stale'
  else
    redis.call('ZREM', KEYS[1], id)
    statuses[#statuses + 1] = finishAttempt(k, c, id, n, ARGV[i + 2], tonumber(ARGV[i + 3]), now, ARGV[i + 4], ARGV[i + 5], ARGV[i + 6])
  end
end
return statuses
