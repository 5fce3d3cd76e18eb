--[[
  Claims the due tasks of one shard: moves up to ARGV[1] tasks whose due time has come, by
  Redis' clock, from the due set to their channel's ready lists, earliest first. One script, so
  two schedulers can never claim the same task. First, tasks whose deadline is near are raised
  to high priority, wherever they wait. A task of a busy stream waits for its stream instead.

  KEYS[1] due set       ZSET  taskId -> due score (see scores.lua)
  KEYS[2] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] streams       HASH  streamKey -> taskId holding the stream
  KEYS[4] deadlines     ZSET  taskId -> when its deadline makes it high priority (ms)
  KEYS[5] ready prefix  the ready lists are KEYS[5] .. 'webhook' | 'email' | 'sms' .. ':' .. priority
                        (same hash tag): LIST of taskIds, see scores.lua

  ARGV[1] batch size    most tasks to move in this call
  ARGV[2] ready channel published to with "<shard>:<channel>" when tasks of a channel became ready
  ARGV[3] shard number
  ARGV[4] stream prefix  key prefix of the per-stream waiting sets (same hash tag)

  Returns { tasks claimed, next due time (ms) or -1 when the set is empty, Redis now (ms),
            then tasks claimed per channel in CHANNELS order (webhook, email, sms) }.
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams

local now = redisNowMs()
local k = { streams = KEYS[3], readyPrefix = KEYS[5] }

for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', KEYS[4], id)
  local due = redis.call('ZSCORE', KEYS[1], id)
  if due then
    local dueAt, _, front, inStream, channel = splitDueScore(tonumber(due))
    redis.call('ZADD', KEYS[1], dueScore(dueAt, 0, front, inStream, channel), id)
  else
    for channel = 0, #CHANNELS - 1 do
      local was = removeReady(KEYS[5], channel, id)
      if was then pushReady(KEYS[5], channel, 0, 0, id) end
    end
  end
end

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. dueScoreAt(now + 1), 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local claimed = #due / 2
local claimedByChannel = { 0, 0, 0 }
if claimed > 0 then
  -- Per ready list, the ids of one push: one call per list, not one per task. Tasks mostly share
  -- a few flag values, so each value is split once (this loop is most of a claim's cost).
  local pushes, listOfFlags = {}, {}
  for i = 1, #due, 2 do
    local id, score = due[i], tonumber(due[i + 1])
    local flags = score % 64
    local list = listOfFlags[flags]
    if not list then
      local _, priority, front, _, channel = splitDueScore(flags)
      list = channel * 8 + priority * 2 + front
      listOfFlags[flags] = list
    end
    local admitted = true
    if flags % 16 >= 8 then
      local encoded = redis.call('HGET', KEYS[2], id)
      if encoded then admitted = admitToStream(k, ARGV[4], taskStreamKey(cjson.decode(encoded)), id, score) end
    end
    if admitted then
      local ids = pushes[list]
      if not ids then
        ids = {}
        pushes[list] = ids
      end
      ids[#ids + 1] = id
    else
      -- Claimed, but waiting for its stream: counted here, as it is in no push below. Only tasks
      -- of a stream come here, and they already paid a lookup, so the loop stays as cheap.
      local channel = math.floor(list / 8) + 1
      claimedByChannel[channel] = claimedByChannel[channel] + 1
    end
  end
  -- The claimed tasks are the set's lowest ranks: removed by rank, with no lookup per task.
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, claimed - 1)
  local madeReady = {}
  for list, ids in pairs(pushes) do
    local channel, priority, front = math.floor(list / 8), math.floor(list / 2) % 4, list % 2
    -- LPUSH puts the batch's last task first: front tasks run newest first.
    local command = front == 1 and 'LPUSH' or 'RPUSH'
    for from = 1, #ids, 4000 do
      redis.call(command, readyListKey(KEYS[5], channel, priority), unpack(ids, from, math.min(#ids, from + 3999)))
    end
    madeReady[channel] = true
    claimedByChannel[channel + 1] = claimedByChannel[channel + 1] + #ids
  end
  for channel in pairs(madeReady) do redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. CHANNELS[channel + 1]) end
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
return { claimed, head and dueTimeOf(head) or -1, now, unpack(claimedByChannel) }
