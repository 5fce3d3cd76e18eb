--[[
  Claims the due tasks of one shard: moves up to ARGV[1] tasks whose due time has come, by
  Redis' clock, from the due set to the ready set, earliest first. One script, so two
  schedulers can never claim the same task. First, tasks whose deadline is near are raised to
  high priority, wherever they wait. A task of a busy stream waits for its stream instead.

  KEYS[1] due set       ZSET  taskId -> due score (see scores.lua)
  KEYS[2] ready set     ZSET  taskId -> ready score: priority band, then position
  KEYS[3] task bodies   HASH  taskId -> encoded task (JSON)
  KEYS[4] streams       HASH  streamKey -> taskId holding the stream
  KEYS[5] deadlines     ZSET  taskId -> when its deadline makes it high priority (ms)

  ARGV[1] batch size    most tasks to move in this call
  ARGV[2] ready channel published to (with the shard number) when tasks became ready
  ARGV[3] shard number
  ARGV[4] stream prefix  key prefix of the per-stream waiting sets (same hash tag)

  Returns { tasks claimed, next due time (ms) or -1 when the set is empty, Redis now (ms) }.
]]
--@include redisNow
--@include scores
--@include streams

local now = redisNowMs()
local k = { streams = KEYS[4], ready = KEYS[2] }

for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'LIMIT', 0, 1000)) do
  redis.call('ZREM', KEYS[5], id)
  local due = redis.call('ZSCORE', KEYS[1], id)
  local ready = redis.call('ZSCORE', KEYS[2], id)
  if due then
    local dueAt, _, front, inStream = splitDueScore(tonumber(due))
    redis.call('ZADD', KEYS[1], dueScore(dueAt, 0, front, inStream), id)
  elseif ready then
    local score = tonumber(ready)
    redis.call('ZADD', KEYS[2], scoreText(score - priorityOfReadyScore(score) * PRIORITY_BAND), id)
  end
end

local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now + 1), 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[1]))
local claimed = #due / 2
if claimed > 0 then
  local ids = {}
  local madeReady = 0
  for i = 1, #due, 2 do
    local id, score = due[i], tonumber(due[i + 1])
    ids[#ids + 1] = id
    local dueAt, priority, front, inStream = splitDueScore(score)
    local admitted = true
    if inStream == 1 then
      local encoded = redis.call('HGET', KEYS[3], id)
      if encoded then admitted = admitToStream(k, ARGV[4], cjson.decode(encoded).streamKey, id, score) end
    end
    if admitted then
      redis.call('ZADD', KEYS[2], readyScore(priority, front, dueAt, now), id)
      madeReady = madeReady + 1
    end
  end
  redis.call('ZREM', KEYS[1], unpack(ids))
  if madeReady > 0 then redis.call('PUBLISH', ARGV[2], ARGV[3]) end
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
return { claimed, head and math.floor(tonumber(head)) or -1, now }
