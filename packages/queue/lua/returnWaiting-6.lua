--[[
  The safety net of waitForDestination: hands the tasks waiting for a destination back to the
  due set once no sender has taken one for as long as a delivery there may last (its entry in
  the expiry set passed): their senders died. A sender that stops hands back at once those of
  the destinations it served. Each goes back at its own due time and
  priority (high if its deadline came near), so it is claimed at once, earliest and highest
  first, and taken by any sender. Any scheduler may run it; the script is atomic.

  KEYS[1] expiry          ZSET  destination -> when its waiting tasks go back to the due set (ms)
  KEYS[2] waiting prefix  the waiting sets are KEYS[2] .. destination (same hash tag): ZSET taskId -> rank
  KEYS[3] deadlines prefix  KEYS[3] .. destination: ZSET taskId -> deadline bump time (ms)
  KEYS[4] waiting of      HASH  taskId -> "<readyMs>:<destination>" of every waiting task
  KEYS[5] task bodies     HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[6] due set         ZSET  taskId -> due score

  ARGV[1] most tasks to hand back in this call
  ARGV[2] wake channel, ARGV[3] shard number
  ARGV[4] a destination whose tasks go back now whatever its expiry (a sender stopping), or ''

  Returns the number of tasks handed back.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include wakeIfEarlier
--@include destinationRank

local now = redisNowMs()
local budget = tonumber(ARGV[1])
local returned = 0
local headBefore = redis.call('ZRANGE', KEYS[6], 0, 0, 'WITHSCORES')[2]
local destinations = ARGV[4] ~= '' and { ARGV[4] } or redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 100)
for _, destination in ipairs(destinations) do
  if budget <= 0 then break end
  local waiting, deadlines = KEYS[2] .. destination, KEYS[3] .. destination
  local popped = redis.call('ZPOPMIN', waiting, budget)
  budget = budget - #popped / 2
  for i = 1, #popped, 2 do
    local id = popped[i]
    redis.call('HDEL', KEYS[4], id)
    local encoded = redis.call('HGET', KEYS[5], id)
    if encoded then
      local task = cjson.decode(encoded)
      local priority, front, dueAt = splitDestinationRank(popped[i + 1])
      if taskBumpAt(task) and taskBumpAt(task) <= now then priority = 0 end
      redis.call('ZADD', KEYS[6], dueScore(dueAt, priority, front, taskStreamKey(task) and 1 or 0, taskChannel(task)), id)
      returned = returned + 1
    end
  end
  if redis.call('ZCARD', waiting) == 0 then
    redis.call('ZREM', KEYS[1], destination)
    redis.call('DEL', deadlines)
  end
end
wakeIfEarlier(KEYS[6], headBefore, ARGV[2], ARGV[3])
return returned
