--[[
  Gives back a task a sender took, untried, because its destination (a webhook's host, an
  email's domain) already has as many deliveries in flight as it may have: the task waits in
  the destination's waiting set, ranked (includes/destinationRank.lua), and the next slot that
  frees there takes the best one waiting (takeWaiting). Waiting in Redis costs nothing, while
  waiting in the sender would hold a slot other destinations need. The attempt number is handed
  back too, so waiting does not count as an attempt.

  While tasks wait, the destination's entry in the expiry set says when they go back to the due
  set (returnWaiting) unless a sender takes one before: a sender that dies leaves nothing
  stranded. Each wait or take moves it to at least now + the task's timeout + the lease margin:
  the longest a delivery to that destination may hold its slot.

  KEYS[1] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[4] waiting       ZSET  taskId -> rank: the tasks waiting for this destination
  KEYS[5] deadlines     ZSET  taskId -> deadline bump time (ms) of this destination's waiting
                        tasks not yet high priority
  KEYS[6] waiting of    HASH  taskId -> "<readyMs>:<destination>" of every waiting task
  KEYS[7] expiry        ZSET  destination -> when its waiting tasks go back to the due set (ms)

  ARGV[1] taskId
  ARGV[2] attempt number (the token handed out by takeReady)
  ARGV[3] destination
  ARGV[4] priority it was queued at (0 high, 1 medium, 2 low), ARGV[5] 1 if a `front` task, else 0
  ARGV[6] its due time (ms), ARGV[7] when a claim made it ready (ms), or ''
  ARGV[8] lease margin (ms)

  Returns 1, or 0 when the token is stale (the lease had passed to another attempt).
]]
--@include redisNow
--@include taskFields
--@include scores
--@include destinationRank

local id, n = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[3], id) ~= n or not redis.call('ZSCORE', KEYS[1], id) then return 0 end
local encoded = redis.call('HGET', KEYS[2], id)
if not encoded then return 0 end
local task = cjson.decode(encoded)
local now = redisNowMs()
local priority = tonumber(ARGV[4])
local bumpAt = taskBumpAt(task)
if bumpAt and bumpAt <= now then
  priority = 0
elseif bumpAt and priority > 0 then
  redis.call('ZADD', KEYS[5], bumpAt, id)
end
redis.call('ZREM', KEYS[1], id)
redis.call('HINCRBY', KEYS[3], id, -1)
redis.call('ZADD', KEYS[4], destinationRank(priority, tonumber(ARGV[5]), tonumber(ARGV[6]) or now), id)
redis.call('HSET', KEYS[6], id, ARGV[7] .. ':' .. ARGV[3])
redis.call('ZADD', KEYS[7], 'GT', now + taskTimeoutMs(task) + tonumber(ARGV[8]), ARGV[3])
return 1
