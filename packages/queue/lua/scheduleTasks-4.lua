--[[
  Puts tasks of one shard into its due set with their bodies, but only tasks Redis does not
  hold in any form (waiting, ready, leased, or finished and not yet recorded): re-queuing a task
  from Postgres can therefore never run it twice.

  KEYS[1] due set       ZSET  taskId -> due score (due time ms + flags, see scores.lua)
  KEYS[2] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] attempts      HASH  taskId -> number of attempts already made (fencing token)
  KEYS[4] deadlines     ZSET  taskId -> when its deadline makes it high priority (ms)

  ARGV[1] wake channel  published to when the shard's earliest due time moves earlier
  ARGV[2] shard number
  ARGV[3..] groups of five: taskId, due score, encoded task, attempts already made (0 = none),
            deadline bump time (ms, 0 = no deadline)

  Returns, per task in order, 1 when written and 0 when Redis already held it.
]]
--@include wakeIfEarlier

local headBefore = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
local written = {}
for i = 3, #ARGV, 5 do
  local id = ARGV[i]
  if redis.call('HEXISTS', KEYS[2], id) == 1 or redis.call('HEXISTS', KEYS[3], id) == 1 then
    written[#written + 1] = 0
  else
    redis.call('HSET', KEYS[2], id, ARGV[i + 2])
    redis.call('ZADD', KEYS[1], ARGV[i + 1], id)
    if ARGV[i + 3] ~= '0' then redis.call('HSET', KEYS[3], id, ARGV[i + 3]) end
    if ARGV[i + 4] ~= '0' then redis.call('ZADD', KEYS[4], ARGV[i + 4], id) end
    written[#written + 1] = 1
  end
end
wakeIfEarlier(KEYS[1], headBefore, ARGV[1], ARGV[2])
return written
