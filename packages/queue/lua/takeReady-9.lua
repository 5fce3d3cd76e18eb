--[[
  Hands up to ARGV[1] ready tasks of one channel of one shard to a sender, highest priority
  first, each under a lease. The attempt counter is incremented here and returned as the
  claim's fencing token: only an outcome reported with the current token is accepted
  (ackDelivery). A task past its `expiresAt` (an occurrence its schedule's catch-up policy
  skips) is not handed out but finished as skipped. An entry of a task format newer than this
  release reads (src/taskFormats.ts) is not handed out either, but put back at the end of its
  list for a sender of that release. At most 1,000 tasks a call.

  KEYS[1] -> readyKey(channel)  the channel's ready lists are KEYS[1] .. ':' .. priority (0 high,
                              1 medium, 2 low): LIST of "<taskId>:<due score>:<readyMs>" (scores.lua),
                              taken high first
  KEYS[2] -> leases           ZSET  taskId -> lease expiry (ms)
  KEYS[3] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[4] -> attempts         HASH  taskId -> attempt number (fencing token)
  KEYS[5] -> events           STREAM history events for Postgres
  KEYS[6] -> due              ZSET  taskId -> due score
  KEYS[7] -> streams          HASH  streamKey -> taskId holding the stream
  KEYS[8] -> deadlines        ZSET  taskId -> deadline bump time (ms)
  KEYS[9] -> readyPrefix      every channel's ready lists are KEYS[9] .. channel name .. ':' .. priority
                              (same hash tag): a task skipped here frees its stream, whose next task goes there

  ARGV[1] most tasks to take
  ARGV[2] lease margin (ms) added to each task's own delivery timeout
  ARGV[3] stream prefix, ARGV[4] wake channel, ARGV[5] ready channel, ARGV[6] shard number

  Returns { Redis now (ms), entries put back for their newer format, then per task: taskId,
  attempt, encoded task, due (ms), made ready (ms) }; the two times are '' for a task made ready
  before they were recorded.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt

local now = redisNowMs()
-- At most 1,000 a call: every id below goes through unpack, which Lua's C stack bounds.
local want = math.min(1000, tonumber(ARGV[1]))
local ids, dueTimes, readyTimes, entries, priorities = {}, {}, {}, {}, {}
for priority = 0, 2 do
  if #ids >= want then break end
  local popped = redis.call('LPOP', KEYS[1] .. ':' .. priority, want - #ids)
  if popped then
    for _, entry in ipairs(popped) do
      local n = #ids + 1
      ids[n], dueTimes[n], readyTimes[n] = splitReadyEntry(entry)
      entries[n], priorities[n] = entry, priority
    end
  end
end
local out = { now, 0 }
if #ids == 0 then return out end
local margin = tonumber(ARGV[2])
local k = { tasks = KEYS[3], due = KEYS[6], events = KEYS[5], streams = KEYS[7], deadlines = KEYS[8], readyPrefix = KEYS[9] }
local c = { streamPrefix = ARGV[3], wakeChannel = ARGV[4], readyChannel = ARGV[5], shard = ARGV[6] }

-- One call per kind of work for the whole batch, not one per task: a call from Lua costs about
-- as much as the work it does here.
local bodies = redis.call('HMGET', KEYS[3], unpack(ids))
local counts = redis.call('HMGET', KEYS[4], unpack(ids))
local attemptPairs, leasePairs, started, expired = {}, {}, {}, {}
for i, id in ipairs(ids) do
  local encoded = bodies[i]
  local task = encoded and cjson.decode(encoded)
  if task and not taskFormatKnown(task) then
    redis.call('RPUSH', KEYS[1] .. ':' .. priorities[i], entries[i])
    out[2] = out[2] + 1
    task = nil
  end
  -- No body: cancelled while it waited; nothing to hand out.
  if task then
    local n = (tonumber(counts[i]) or 0) + 1
    local dueAt, readyAt = dueTimes[i] or '', readyTimes[i] or ''
    attemptPairs[#attemptPairs + 1] = id
    attemptPairs[#attemptPairs + 1] = n
    started[#started + 1] = { id, n, tonumber(dueAt) or 0, tonumber(readyAt) or 0 }
    if taskExpiresAt(task) and now > taskExpiresAt(task) then
      expired[#expired + 1] = { id, n }
    else
      leasePairs[#leasePairs + 1] = now + taskTimeoutMs(task) + margin
      leasePairs[#leasePairs + 1] = id
      out[#out + 1] = id
      out[#out + 1] = n
      out[#out + 1] = encoded
      out[#out + 1] = dueAt
      out[#out + 1] = readyAt
    end
  end
end
if #started == 0 then return out end
redis.call('HSET', KEYS[4], unpack(attemptPairs))
if #leasePairs > 0 then redis.call('ZADD', KEYS[2], unpack(leasePairs)) end
-- One event for every attempt started here (see src/historyStream.ts).
redis.call('XADD', KEYS[5], '*', 'e', 'starts', 'at', now, 'b', cjson.encode(started))
for _, attempt in ipairs(expired) do
  finishAttempt(k, c, attempt[1], attempt[2], 'skipped', 0, now, now, '', 'skipped: its schedule does not catch up on missed runs', '', '')
end
return out
