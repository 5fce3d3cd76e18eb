--[[
  Records the outcomes of delivery attempts reported by a sender (one or many: a busy sender
  reports in batches), releases each lease, and puts back each task that should be retried. A
  report whose fencing token is not the current attempt (a sender that stalled past its lease
  while another took over) is refused.

  KEYS[1] -> leases           ZSET  taskId -> lease expiry (ms)
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] -> attempts         HASH  taskId -> attempt number (fencing token)
  KEYS[4] -> due              ZSET  taskId -> due score
  KEYS[5] -> events           STREAM history events for Postgres
  KEYS[6] -> streams          HASH  streamKey -> taskId holding the stream
  KEYS[7] -> deadlines        ZSET  taskId -> deadline bump time (ms)
  KEYS[8] -> readyPrefix      the ready lists are KEYS[8] .. channel name .. ':' .. priority (same
                              hash tag): LIST of "<taskId>:<due score>:<readyMs>", see scores.lua

  ARGV[1] stream prefix, ARGV[2] wake channel, ARGV[3] ready channel, ARGV[4] shard number
  ARGV[5..] groups of nine, one per report:
    taskId; attempt number (the token handed out by takeReady); outcome: success | retryable |
    permanent; retry delay (ms) from now, used when the outcome is retryable and attempts
    remain; attempt start (ms); HTTP status, or ''; error text, or ''; kind of failure
    (http_5xx, timeout, ...; what the error report groups by), or ''; the attempt's excerpt
    (JSON, bounded by the sender; passed on as text, never decoded here), or ''

  Returns, per report in order, the task's new status (delivered | retrying | dead), or 'stale'
  when refused.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt

local k = { tasks = KEYS[2], due = KEYS[4], events = KEYS[5], streams = KEYS[6], deadlines = KEYS[7], readyPrefix = KEYS[8] }
local c = { streamPrefix = ARGV[1], wakeChannel = ARGV[2], readyChannel = ARGV[3], shard = ARGV[4] }
local now = redisNowMs()
local statuses = {}
local ids = {}
for i = 5, #ARGV, 9 do ids[#ids + 1] = ARGV[i] end
if #ids == 0 then return statuses end

-- One call per kind of work for the whole batch where it can be: a call from Lua costs about as
-- much as the work it does here. At most 1,000 reports a call (unpack is bounded).
local counts = redis.call('HMGET', KEYS[3], unpack(ids))
local leased = redis.call('ZMSCORE', KEYS[1], unpack(ids))
local current, currentIds = {}, {}
for j, id in ipairs(ids) do
  if counts[j] == ARGV[5 + (j - 1) * 9 + 1] and leased[j] then
    current[#current + 1] = j
    currentIds[#currentIds + 1] = id
  else
    statuses[j] = 'stale'
  end
end
if #current == 0 then return statuses end
redis.call('ZREM', KEYS[1], unpack(currentIds))
local bodies = redis.call('HMGET', KEYS[2], unpack(currentIds))
local delivered, deliveredIds = {}, {}
for v, j in ipairs(current) do
  local a = 5 + (j - 1) * 9
  local id, n, outcome = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local task = bodies[v] and cjson.decode(bodies[v])
  if outcome == 'success' and task and not taskStreamKey(task) then
    -- The common case, done for the batch below: delivered, no stream to hand on.
    delivered[#delivered + 1] = { id, tonumber(n), tonumber(ARGV[a + 4]), ARGV[a + 5], ARGV[a + 8] }
    deliveredIds[#deliveredIds + 1] = id
    statuses[j] = 'delivered'
  else
    statuses[j] = finishAttempt(k, c, id, n, outcome, tonumber(ARGV[a + 3]), now, ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8])
  end
end
if #deliveredIds > 0 then
  -- As finishAttempt does for a delivered task; the attempt counters stay until history is written.
  redis.call('HDEL', KEYS[2], unpack(deliveredIds))
  redis.call('ZREM', KEYS[7], unpack(deliveredIds))
  redis.call('XADD', KEYS[5], '*', 'e', 'delivered', 'at', now, 'b', cjson.encode(delivered))
end
return statuses
