--[[
  Takes back the tasks of one shard whose lease expired (their sender died or stalled): each
  such attempt is recorded as lost and the task is retried at once, or is dead when it has no
  attempts left. Any scheduler may run it; the script is atomic, so none takes a task twice.
  A task of a format newer than this release reads (src/taskFormats.ts) is left to a scheduler of
  that release: its lease is pushed ARGV[6] ms on, so this one does not meet it on every call.

  KEYS[1] -> leases           ZSET  taskId -> lease expiry (ms)
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] -> attempts         HASH  taskId -> attempt number (fencing token)
  KEYS[4] -> due              ZSET  taskId -> due score
  KEYS[5] -> events           STREAM history events for Postgres
  KEYS[6] -> streams          HASH  streamKey -> taskId holding the stream
  KEYS[7] -> deadlines        ZSET  taskId -> deadline bump time (ms)
  KEYS[8] -> readyPrefix      the ready lists are KEYS[8] .. channel name .. ':' .. priority (same
                              hash tag): LIST of "<taskId>:<due score>:<readyMs>", see scores.lua

  ARGV[1] most leases to take back in this call
  ARGV[2] stream prefix, ARGV[3] wake channel, ARGV[4] ready channel, ARGV[5] shard number,
  ARGV[6] how long to push on the lease of a task of a newer format (ms)

  Returns { leases taken back, leases left for their newer format }.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt

local now = redisNowMs()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local k = { tasks = KEYS[2], due = KEYS[4], events = KEYS[5], streams = KEYS[6], deadlines = KEYS[7], readyPrefix = KEYS[8] }
local c = { streamPrefix = ARGV[2], wakeChannel = ARGV[3], readyChannel = ARGV[4], shard = ARGV[5] }
local newer = 0
for _, id in ipairs(ids) do
  local encoded = redis.call('HGET', KEYS[2], id)
  if encoded and not taskFormatKnown(cjson.decode(encoded)) then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[6]), id)
    newer = newer + 1
  else
    redis.call('ZREM', KEYS[1], id)
    local n = redis.call('HGET', KEYS[3], id) or '0'
    finishAttempt(k, c, id, n, 'lost', 0, now, now, '', 'lease expired: the sender did not report in time', 'lease_expired', '')
  end
end
return { #ids - newer, newer }
