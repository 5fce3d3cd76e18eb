--[[
  Claims the due tasks of one shard: moves up to ARGV[1] tasks whose due time has come, by
  Redis' clock, from the due set to their channel's ready lists, earliest first. One script, so
  two schedulers can never claim the same task. First, up to ARGV[1] parked tasks whose minute
  comes within ARGV[6] ms are promoted into the due set (includes/parking.lua), and tasks whose
  deadline is near are raised to high priority, wherever they wait. A task of a busy stream
  waits for its stream instead.

  Ready lists are bounded: a channel holds at most ARGV[5] ready tasks in this shard. Due tasks
  of a full channel move to its held set instead, and become ready, earliest first, as senders
  make room; other channels go on meanwhile. So an overloaded channel shows as lag, and a slow
  one never holds back the others.

  KEYS[1] -> due              ZSET  taskId -> due score (see scores.lua)
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] -> streams          HASH  streamKey -> taskId holding the stream
  KEYS[4] -> deadlines        ZSET  taskId -> when its deadline makes it high priority (ms)
  KEYS[5] -> readyPrefix      the ready lists are KEYS[5] .. 'webhook' | 'email' | 'sms' .. ':' .. priority
                              (same hash tag): LIST of "<taskId>:<due score>:<readyMs>", see scores.lua
  KEYS[6] -> heldPrefix       the held sets are KEYS[6] .. channel name (same hash tag): ZSET
                              taskId -> due score, due tasks waiting for room on a full channel
  KEYS[7] -> attempts         HASH  taskId -> attempts already made (written for promoted tasks)
  KEYS[8] -> parkedSlots      ZSET  minute -> its start (ms)
  KEYS[9] -> parkedPrefix     the minutes' LISTs of parked tasks are KEYS[9] .. minute (same hash tag)
  KEYS[10] -> parkedAtPrefix  the HASHes taskId -> "<minute>:<position>" are KEYS[10] .. id bucket,
                              and KEYS[10] .. 'count' counts the parked tasks

  ARGV[1] batch size    most tasks to take out of the due set in this call
  ARGV[2] ready channel published to with "<shard>:<channel>" when tasks of a channel became ready
  ARGV[3] shard number
  ARGV[4] stream prefix  key prefix of the per-stream waiting sets (same hash tag)
  ARGV[5] ready limit   most ready tasks per channel in this shard
  ARGV[6] promotion lead (ms), ARGV[7] ids per parked-at hash

  Returns { tasks taken out of the due set, next due time (ms) or -1 when nothing waits (the next
            promotion time when that is sooner: now when parked tasks are left to promote),
            Redis now (ms), tasks left held, then per channel in CHANNELS order (webhook, email,
            sms) the tasks claimed: made ready, or passed to their busy stream's queue }.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include parking

local now = redisNowMs()
local k = { due = KEYS[1], tasks = KEYS[2], streams = KEYS[3], deadlines = KEYS[4], readyPrefix = KEYS[5], attempts = KEYS[7] }
local p = { slots = KEYS[8], listPrefix = KEYS[9], atPrefix = KEYS[10], aheadMs = tonumber(ARGV[6]), idSpan = tonumber(ARGV[7]) }
local batch, readyLimit = tonumber(ARGV[1]), tonumber(ARGV[5])
-- One read when nothing is to be promoted: that is almost every claim.
local promoteAt = parkedHead(p)
if promoteAt and promoteAt <= now then
  promoteParked(p, k, now, batch)
  promoteAt = parkedHead(p)
end
local heldKey = function(channel) return KEYS[6] .. CHANNELS[channel + 1] end

-- Gives a task waiting in sorted set `key` high priority; false if the set does not hold it.
local function raiseIn(key, id)
  local score = redis.call('ZSCORE', key, id)
  if not score then return false end
  local dueAt, _, front, inStream, channel = splitDueScore(tonumber(score))
  redis.call('ZADD', key, dueScore(dueAt, 0, front, inStream, channel), id)
  return true
end

for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', KEYS[4], id)
  local encoded = not raiseIn(KEYS[1], id) and redis.call('HGET', KEYS[2], id)
  if encoded then
    local channel = taskChannel(cjson.decode(encoded))
    if not raiseIn(heldKey(channel), id) then
      -- Already ready: it moves to the high list and keeps its ready times. (Leased, it is not
      -- found, and runs as it is.)
      local entry = removeReady(KEYS[5], channel, id)
      if entry then redis.call('RPUSH', readyListKey(KEYS[5], channel, 0), entry) end
    end
  end
end

-- How many more tasks of a channel its ready lists take, counted when first needed.
local room = {}
local function roomOf(channel)
  if room[channel] == nil then
    local depth = 0
    for priority = 0, 2 do depth = depth + redis.call('LLEN', readyListKey(KEYS[5], channel, priority)) end
    room[channel] = readyLimit - depth
  end
  return room[channel]
end

-- Per ready list, the entries of one push: one call per list, not one per task. Tasks mostly share
-- a few flag values, so each value is split once (this loop is most of a claim's cost).
local pushes, listOfFlags = {}, {}
local claimedByChannel = { 0, 0, 0 }
local readyAt = ':' .. now
local function listOf(flags)
  local list = listOfFlags[flags]
  if not list then
    local _, priority, front, _, channel = splitDueScore(flags)
    list = channel * 8 + priority * 2 + front
    listOfFlags[flags] = list
  end
  return list
end
local function makeReady(id, scoreText, score, flags, list)
  if flags % 16 >= 8 then
    -- Only tasks of a stream pay this lookup; one whose stream is busy waits in its queue (and
    -- counts as claimed: it left the due set).
    local encoded = redis.call('HGET', KEYS[2], id)
    if encoded and not admitToStream(k, ARGV[4], taskStreamKey(cjson.decode(encoded)), id, score) then
      local channel = math.floor(list / 8) + 1
      claimedByChannel[channel] = claimedByChannel[channel] + 1
      return
    end
  end
  local entries = pushes[list]
  if not entries then
    entries = {}
    pushes[list] = entries
  end
  entries[#entries + 1] = id .. ':' .. scoreText .. readyAt
end

-- Held tasks first: they came due before anything still in the due set.
local heldLeft = 0
for channel = 0, #CHANNELS - 1 do
  local held = redis.call('ZCARD', heldKey(channel))
  if held > 0 and roomOf(channel) > 0 then
    local popped = redis.call('ZPOPMIN', heldKey(channel), math.min(room[channel], batch))
    for i = 1, #popped, 2 do
      local score = tonumber(popped[i + 1])
      local flags = score % 64
      makeReady(popped[i], popped[i + 1], score, flags, listOf(flags))
    end
    room[channel] = room[channel] - #popped / 2
    held = held - #popped / 2
  end
  heldLeft = heldLeft + held
end

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. dueScoreAt(now + 1), 'WITHSCORES', 'LIMIT', 0, batch)
local claimed = #due / 2
if claimed > 0 then
  local holds = {}
  -- The common case is inlined: no call per task but for a task of a stream.
  for i = 1, #due, 2 do
    local id, scoreText = due[i], due[i + 1]
    local score = tonumber(scoreText)
    local flags = score % 64
    local list = listOfFlags[flags] or listOf(flags)
    local channel = (list - list % 8) / 8
    local free = room[channel] or roomOf(channel)
    if free > 0 then
      room[channel] = free - 1
      local entries = pushes[list]
      if flags % 16 >= 8 or not entries then
        makeReady(id, scoreText, score, flags, list)
      else
        entries[#entries + 1] = id .. ':' .. scoreText .. readyAt
      end
    else
      local held = holds[channel]
      if not held then
        held = {}
        holds[channel] = held
      end
      held[#held + 1] = due[i + 1]
      held[#held + 1] = id
    end
  end
  -- The claimed tasks are the set's lowest ranks: removed by rank, with no lookup per task.
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, claimed - 1)
  for channel, held in pairs(holds) do
    for from = 1, #held, 4000 do
      redis.call('ZADD', heldKey(channel), unpack(held, from, math.min(#held, from + 3999)))
    end
    heldLeft = heldLeft + #held / 2
  end
end

local madeReady = {}
for list, entries in pairs(pushes) do
  local channel, priority, front = math.floor(list / 8), math.floor(list / 2) % 4, list % 2
  -- LPUSH puts the batch's last task first: front tasks run newest first.
  local command = front == 1 and 'LPUSH' or 'RPUSH'
  for from = 1, #entries, 4000 do
    redis.call(command, readyListKey(KEYS[5], channel, priority), unpack(entries, from, math.min(#entries, from + 3999)))
  end
  madeReady[channel] = true
  claimedByChannel[channel + 1] = claimedByChannel[channel + 1] + #entries
end
for channel in pairs(madeReady) do redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. CHANNELS[channel + 1]) end

local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
local nextAt = head and dueTimeOf(head)
if promoteAt and (not nextAt or promoteAt < nextAt) then nextAt = math.max(promoteAt, now) end
return { claimed, nextAt or -1, now, heldLeft, unpack(claimedByChannel) }
