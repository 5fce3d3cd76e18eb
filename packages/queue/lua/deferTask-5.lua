--[[
  Gives a task a sender took back, untried, to be taken again after ARGV[3] ms: when its
  destination already has as many deliveries in flight as it may have, waiting in Redis costs
  nothing, while waiting in the sender would hold a slot other destinations need. The attempt
  number is handed back too, so the deferral does not count as an attempt.

  KEYS[1] -> leases           ZSET  taskId -> lease expiry (ms)
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] -> attempts         HASH  taskId -> attempt number (fencing token)
  KEYS[4] -> due              ZSET  taskId -> due score
  KEYS[5] -> deadlines        ZSET  taskId -> deadline bump time (ms)

  ARGV[1] taskId
  ARGV[2] attempt number (the token handed out by takeReady)
  ARGV[3] delay (ms)
  ARGV[4] wake channel, ARGV[5] shard number

  Returns 1, or 0 when the token is stale (the lease had passed to another attempt).
]]
--@include redisNow
--@include taskFields
--@include scores
--@include wakeIfEarlier

local id, n = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[3], id) ~= n or not redis.call('ZSCORE', KEYS[1], id) then return 0 end
local encoded = redis.call('HGET', KEYS[2], id)
if not encoded then return 0 end
local task = cjson.decode(encoded)
local at = redisNowMs() + tonumber(ARGV[3])
local priority = taskPriority(task)
if taskBumpAt(task) and taskBumpAt(task) <= at then priority = 0 end
redis.call('ZREM', KEYS[1], id)
redis.call('HINCRBY', KEYS[3], id, -1)
local headBefore = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')[2]
redis.call('ZADD', KEYS[4], dueScore(at, priority, 0, taskStreamKey(task) and 1 or 0, taskChannel(task)), id)
wakeIfEarlier(KEYS[4], headBefore, ARGV[4], ARGV[5])
return 1
