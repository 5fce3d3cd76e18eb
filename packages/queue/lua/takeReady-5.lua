--[[
  Hands up to ARGV[1] ready tasks of one shard to a sender, each under a lease. The attempt
  counter is incremented here and returned as the claim's fencing token: only an outcome
  reported with the current token is accepted (ackDelivery).

  KEYS[1] ready list    LIST  taskIds waiting for a sender
  KEYS[2] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[3] task bodies   HASH  taskId -> encoded task (JSON)
  KEYS[4] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[5] events        STREAM history events for Postgres

  ARGV[1] most tasks to take
  ARGV[2] lease margin (ms) added to each task's own delivery timeout

  Returns { Redis now (ms), taskId, attempt, encoded task, taskId, attempt, encoded task, ... }.
  A task cancelled while it waited in the ready list has no body any more and is skipped.
]]
--@include redisNow

local now = redisNowMs()
local ids = redis.call('LPOP', KEYS[1], tonumber(ARGV[1]))
local out = { now }
if not ids then return out end
local margin = tonumber(ARGV[2])
for _, id in ipairs(ids) do
  local body = redis.call('HGET', KEYS[3], id)
  if body then
    local n = redis.call('HINCRBY', KEYS[4], id, 1)
    local timeoutMs = tonumber(cjson.decode(body).timeoutMs) or 0
    redis.call('ZADD', KEYS[2], now + timeoutMs + margin, id)
    redis.call('XADD', KEYS[5], '*', 'e', 'start', 'id', id, 'n', n, 'at', now)
    out[#out + 1] = id
    out[#out + 1] = n
    out[#out + 1] = body
  end
end
return out
