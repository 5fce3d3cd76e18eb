--[[
  Claims the due tasks of one shard: moves up to ARGV[1] tasks whose due time has come, by
  Redis' clock, from the due set to their channel's ready set, earliest first. One script, so
  two schedulers can never claim the same task. First, tasks whose deadline is near are raised
  to high priority, wherever they wait. A task of a busy stream waits for its stream instead.

  KEYS[1] due set       ZSET  taskId -> due score (see scores.lua)
  KEYS[2] task bodies   HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] streams       HASH  streamKey -> taskId holding the stream
  KEYS[4] deadlines     ZSET  taskId -> when its deadline makes it high priority (ms)
  KEYS[5] ready prefix  the ready sets are KEYS[5] .. 'webhook' | 'email' | 'sms' (same hash tag):
                        ZSET taskId -> ready score (priority band, then position)

  ARGV[1] batch size    most tasks to move in this call
  ARGV[2] ready channel published to with "<shard>:<channel>" when tasks of a channel became ready
  ARGV[3] shard number
  ARGV[4] stream prefix  key prefix of the per-stream waiting sets (same hash tag)

  Returns { tasks claimed, next due time (ms) or -1 when the set is empty, Redis now (ms) }.
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
      local ready = redis.call('ZSCORE', readyKey(KEYS[5], channel), id)
      if ready then
        local score = tonumber(ready)
        redis.call('ZADD', readyKey(KEYS[5], channel), scoreText(score - priorityOfReadyScore(score) * PRIORITY_BAND), id)
      end
    end
  end
end

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. dueScoreAt(now + 1), 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local claimed = #due / 2
if claimed > 0 then
  -- Per channel, the score/member pairs of one ZADD: one call per channel, not one per task.
  local readyPairs = {}
  for i = 1, #due, 2 do
    local id, score = due[i], tonumber(due[i + 1])
    local dueAt, priority, front, inStream, channel = splitDueScore(score)
    local admitted = true
    if inStream == 1 then
      local encoded = redis.call('HGET', KEYS[2], id)
      if encoded then admitted = admitToStream(k, ARGV[4], taskStreamKey(cjson.decode(encoded)), id, score) end
    end
    if admitted then
      local pairs = readyPairs[channel]
      if not pairs then
        pairs = {}
        readyPairs[channel] = pairs
      end
      pairs[#pairs + 1] = readyScore(priority, front, dueAt, now)
      pairs[#pairs + 1] = id
    end
  end
  -- The claimed tasks are the set's lowest ranks: removed by rank, with no lookup per task.
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, claimed - 1)
  for channel, pairs in pairs(readyPairs) do
    for from = 1, #pairs, 4000 do
      redis.call('ZADD', readyKey(KEYS[5], channel), unpack(pairs, from, math.min(#pairs, from + 3999)))
    end
    redis.call('PUBLISH', ARGV[2], ARGV[3] .. ':' .. CHANNELS[channel + 1])
  end
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
return { claimed, head and dueTimeOf(head) or -1, now }
