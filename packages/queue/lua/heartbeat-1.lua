--[[
  Records that a service instance is alive, on Redis' clock, and forgets instances silent for
  long (crashed ones never say goodbye).

  KEYS[1] -> replicasKey      ZSET  "<service>:<instance>" -> its last heartbeat (ms, Redis clock)

  ARGV[1] member        "<service>:<instance>"
  ARGV[2] forgetAfterMs an instance silent this long is removed

  Returns Redis' clock (ms).
]]
--@include redisNow

local now = redisNowMs()
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
return now
