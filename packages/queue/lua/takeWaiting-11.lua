--[[
  Hands the best task waiting for one destination in one shard (waitForDestination) to a sender
  that has a slot free there, under a lease, as takeReady does: high priority (or a deadline
  come near) first, then `front`, then the earliest due. Tasks whose deadline came near while
  they waited are raised first.

  KEYS[1] waiting       ZSET  taskId -> rank (includes/destinationRank.lua): the destination's waiting tasks
  KEYS[2] deadlines     ZSET  taskId -> deadline bump time (ms) of its waiting tasks not yet high
  KEYS[3] waiting of    HASH  taskId -> "<readyMs>:<destination>" of every waiting task
  KEYS[4] expiry        ZSET  destination -> when its waiting tasks go back to the due set (ms)
  KEYS[5] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[6] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[7] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[8] events        STREAM history events for Postgres
  KEYS[9] due set       ZSET  taskId -> due score
  KEYS[10] streams      HASH  streamKey -> taskId holding the stream
  KEYS[11] deadlines    ZSET  taskId -> deadline bump time (ms), the shard's

  ARGV[1] destination
  ARGV[2] lease margin (ms) added to the task's own delivery timeout
  ARGV[3] stream prefix, ARGV[4] wake channel, ARGV[5] ready channel, ARGV[6] shard number,
  ARGV[7] ready prefix
  ARGV[8] the worst rank to take: a sender that saw this shard's best at that rank takes nothing
          worse (another sender took it first, and another shard may now hold the best); '' for any

  Returns { Redis now (ms), then for the task taken, if any: taskId, attempt, encoded task,
  due (ms), made ready (ms) or '', place (priority + 4 if `front`) }, as takeReady does.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt
--@include startAttempts
--@include destinationRank

local now = redisNowMs()
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  local rank = redis.call('ZSCORE', KEYS[1], id)
  if rank then
    local _, front, dueAt = splitDestinationRank(rank)
    redis.call('ZADD', KEYS[1], destinationRank(0, front, dueAt), id)
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)

local k = { leases = KEYS[5], tasks = KEYS[6], attempts = KEYS[7], events = KEYS[8], due = KEYS[9], streams = KEYS[10], deadlines = KEYS[11], readyPrefix = ARGV[7] }
local c = { streamPrefix = ARGV[3], wakeChannel = ARGV[4], readyChannel = ARGV[5], shard = ARGV[6] }
local margin = tonumber(ARGV[2])
local out = { now }
-- One at a time until one is leased: a task cancelled while it waited has no body and is
-- dropped, one its schedule no longer wants is finished as skipped.
local worst = tonumber(ARGV[8])
while #out == 1 do
  local popped = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #popped == 0 or (worst and tonumber(popped[2]) > worst) then break end
  redis.call('ZREM', KEYS[1], popped[1])
  local id = popped[1]
  local priority, front, dueAt = splitDestinationRank(popped[2])
  local readyAt = string.match(redis.call('HGET', KEYS[3], id) or '', '^(%d*):') or ''
  redis.call('HDEL', KEYS[3], id)
  redis.call('ZREM', KEYS[2], id)
  startAttempts(k, c, { id }, { dueAt }, { readyAt }, { priority + 4 * front }, margin, now, out)
  if #out > 1 then
    redis.call('ZADD', KEYS[4], 'GT', now + taskTimeoutMs(cjson.decode(out[4])) + margin, ARGV[1])
  end
end
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[4], ARGV[1])
  redis.call('DEL', KEYS[2])
end
return out
