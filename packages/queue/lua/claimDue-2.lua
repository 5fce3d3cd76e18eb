--[[
  Claims the due tasks of one shard: moves up to ARGV[1] tasks whose due time has come, by
  Redis' clock, from the due set to the ready list, earliest first. One script, so two
  schedulers can never claim the same task.

  KEYS[1] due set       ZSET  taskId -> due time (ms)
  KEYS[2] ready list    LIST  taskIds waiting for a sender

  ARGV[1] batch size    most tasks to move in this call
  ARGV[2] ready channel published to (with the shard number) when tasks were moved
  ARGV[3] shard number

  Returns { tasks claimed, next due time (ms) or -1 when the set is empty, Redis now (ms) }.
]]
--@include redisNow

local now = redisNowMs()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
if #ids > 0 then
  redis.call('ZREM', KEYS[1], unpack(ids))
  redis.call('RPUSH', KEYS[2], unpack(ids))
  redis.call('PUBLISH', ARGV[2], ARGV[3])
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
return { #ids, tonumber(head or -1), now }
