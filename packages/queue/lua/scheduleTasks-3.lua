--[[
  Puts tasks of one shard into its due set (or moves them, if already there) with their bodies.

  KEYS[1] due set       ZSET  taskId -> due time (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (JSON)
  KEYS[3] attempts      HASH  taskId -> number of attempts already made (fencing token)

  ARGV[1] wake channel  published to when the shard's earliest due time moves earlier
  ARGV[2] shard number
  ARGV[3..] quadruples: taskId, due time (ms), encoded task, attempts already made (0 = none)

  Returns the number of tasks written.
]]
--@include wakeIfEarlier

local headBefore = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
local written = 0
for i = 3, #ARGV, 4 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 2])
  redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
  if ARGV[i + 3] ~= '0' then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 3])
  end
  written = written + 1
end
wakeIfEarlier(KEYS[1], headBefore, ARGV[1], ARGV[2])
return written
