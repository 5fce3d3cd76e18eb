--[[
  The service instances whose last heartbeat is recent, compared on Redis' clock so that a
  reader with a skewed clock sees the same answer as every other.

  KEYS[1] -> replicasKey      ZSET  "<service>:<instance>" -> its last heartbeat (ms, Redis clock)

  ARGV[1] aliveWithinMs a heartbeat older than this means the instance is gone

  Returns { redisNow, member1, lastBeat1, member2, lastBeat2, ... }.
]]
--@include redisNow

local now = redisNowMs()
local alive = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf', 'WITHSCORES')
local reply = { now }
for i = 1, #alive do reply[#reply + 1] = alive[i] end
return reply
