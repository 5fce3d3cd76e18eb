--[[
  Drops the attempt counters of finished tasks once their final event is in Postgres. Guarded
  by the attempt number, so a task that was queued again meanwhile keeps its counter.

  KEYS[1] -> attempts         HASH  taskId -> attempt number
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)

  ARGV pairs: taskId, attempt number of its final event

  Returns the number of counters dropped.
]]

local dropped = 0
for i = 1, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('HGET', KEYS[1], id) == ARGV[i + 1] and redis.call('HEXISTS', KEYS[2], id) == 0 then
    redis.call('HDEL', KEYS[1], id)
    dropped = dropped + 1
  end
end
return dropped
