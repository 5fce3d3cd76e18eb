--[[
  Hands up to ARGV[1] ready tasks of one channel of one shard to a sender, highest priority
  first, each under a lease. The attempt counter is incremented here and returned as the
  claim's fencing token: only an outcome reported with the current token is accepted
  (ackDelivery). A task past its `expiresAt` (an occurrence its schedule's catch-up policy
  skips) is not handed out but finished as skipped. At most 1,000 tasks a call.

  KEYS[1] ready lists   the channel's ready lists are KEYS[1] .. ':' .. priority (0 high, 1 medium,
                        2 low): LIST of "<taskId>:<due score>:<readyMs>" (scores.lua), taken high first
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

  Returns { Redis now (ms), then per task: taskId, attempt, encoded task, due (ms), made ready
  (ms), place (its ready list's priority + 4 if it is a `front` task) }; the two times are ''
  for a task made ready before they were recorded.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include wakeIfEarlier
--@include finishAttempt
--@include startAttempts

local now = redisNowMs()
-- At most 1,000 a call: every id below goes through unpack, which Lua's C stack bounds.
local want = math.min(1000, tonumber(ARGV[1]))
local ids, dueTimes, readyTimes, places = {}, {}, {}, {}
for priority = 0, 2 do
  if #ids >= want then break end
  local popped = redis.call('LPOP', KEYS[1] .. ':' .. priority, want - #ids)
  if popped then
    for _, entry in ipairs(popped) do
      local n = #ids + 1
      local front
      ids[n], dueTimes[n], readyTimes[n], front = splitReadyEntry(entry)
      places[n] = priority + 4 * front
    end
  end
end
local out = { now }
if #ids == 0 then return out end
local k = { leases = KEYS[2], tasks = KEYS[3], attempts = KEYS[4], events = KEYS[5], due = KEYS[6], streams = KEYS[7], deadlines = KEYS[8], readyPrefix = ARGV[7] }
local c = { streamPrefix = ARGV[3], wakeChannel = ARGV[4], readyChannel = ARGV[5], shard = ARGV[6] }
startAttempts(k, c, ids, dueTimes, readyTimes, places, tonumber(ARGV[2]), now, out)
return out
