--[[
  Hands up to ARGV[1] ready tasks of one channel of one shard to a sender, highest priority
  first, each under a lease. The attempt counter is incremented here and returned as the
  claim's fencing token: only an outcome reported with the current token is accepted
  (ackDelivery). A task past its `expiresAt` (an occurrence its schedule's catch-up policy
  skips) is not handed out but finished as skipped.

  KEYS[1] ready set     ZSET  taskId -> ready score, of the channel asked for
  KEYS[2] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[3] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[4] attempts      HASH  taskId -> attempt number (fencing token)
  KEYS[5] events        STREAM history events for Postgres
  KEYS[6] due set       ZSET  taskId -> due score
  KEYS[7] streams       HASH  streamKey -> taskId holding the stream
  KEYS[8] deadlines     ZSET  taskId -> deadline bump time (ms)

  ARGV[1] most tasks to take
  ARGV[2] lease margin (ms) added to each task's own delivery timeout
  ARGV[3] stream prefix, ARGV[4] wake channel, ARGV[5] ready channel, ARGV[6] shard number,
  ARGV[7] ready prefix

  Returns { Redis now (ms), taskId, attempt, encoded task, taskId, attempt, encoded task, ... }.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt

local now = redisNowMs()
local popped = redis.call('ZPOPMIN', KEYS[1], tonumber(ARGV[1]))
local out = { now }
local margin = tonumber(ARGV[2])
local k = { tasks = KEYS[3], due = KEYS[6], events = KEYS[5], streams = KEYS[7], deadlines = KEYS[8], readyPrefix = ARGV[7] }
local c = { streamPrefix = ARGV[3], wakeChannel = ARGV[4], readyChannel = ARGV[5], shard = ARGV[6] }
for i = 1, #popped, 2 do
  local id = popped[i]
  local encoded = redis.call('HGET', KEYS[3], id)
  -- No body: cancelled while it waited; nothing to hand out.
  if encoded then
    local task = cjson.decode(encoded)
    local n = redis.call('HINCRBY', KEYS[4], id, 1)
    redis.call('XADD', KEYS[5], '*', 'e', 'start', 'id', id, 'n', n, 'at', now)
    if taskExpiresAt(task) and now > taskExpiresAt(task) then
      finishAttempt(k, c, id, n, 'skipped', 0, now, now, '', 'skipped: its schedule does not catch up on missed runs')
    else
      redis.call('ZADD', KEYS[2], now + (taskTimeoutMs(task)) + margin, id)
      out[#out + 1] = id
      out[#out + 1] = n
      out[#out + 1] = encoded
    end
  end
end
return out
