-- Parking: a task due well after now waits in a compact form instead of in the due set and the
-- bodies hash. A sorted-set entry plus a hash entry cost ~250 bytes of Redis per task; a parked
-- task is one list element, "<id>|<due score less its slot start's>|<encoded task>" (or, when it
-- has attempts made or a deadline, "<id>|<score>|<attempts made>|<deadline bump>|<encoded>"),
-- in its minute's list, plus its id in a small hash of 1,024 neighbouring ids, both kept in
-- Redis' compact encodings (~135 bytes in all for a 90-byte task). Claims promote a minute's
-- tasks into the due set ahead of their time (`aheadMs`), so claiming, taking and acking never
-- see a parked task.
--
-- p = { slots = ZSET slot -> slot start (ms), listPrefix = prefix of the slot LISTs,
--       atPrefix = prefix of the id HASHes (id -> "<slot>:<position in its list>"),
--       slotMs, aheadMs, idSpan, slotsAdded = {} (for parkIfLater: the slots this call added) };
--       all keys share the shard's hash tag.
-- Needs: scores.
--
-- A cancel only forgets the id (its position tells a stale element from the current one, so a
-- task cancelled and parked again in the same minute is promoted once, as it is now): lists
-- only grow until their minute is promoted, and promotion takes elements from the tail.

-- Formatted whole (not as Lua's 14 significant digits), as QueueScripts.holdsTask names it.
local function parkedAtKey(p, id)
  return p.atPrefix .. scoreText(math.floor(tonumber(id) / p.idSpan))
end

-- How many tasks are parked in the shard (a STRING beside the id hashes; bucket names are
-- numbers, so it meets none): kept by parkIfLater's callers, unpark and promoteParked.
local function parkedCountKey(p)
  return p.atPrefix .. 'count'
end

local function isParked(p, id)
  return redis.call('HEXISTS', parkedAtKey(p, id), id) == 1
end

-- Forgets a parked task (its element is skipped when its minute is promoted); false if none.
local function unpark(p, id)
  if redis.call('HDEL', parkedAtKey(p, id), id) == 0 then return false end
  redis.call('DECR', parkedCountKey(p))
  return true
end

-- When the earliest parked minute is to be promoted (ms), or nil when nothing is parked.
local function parkedHead(p)
  local start = redis.call('ZRANGE', p.slots, 0, 0, 'WITHSCORES')[2]
  return start and tonumber(start) - p.aheadMs
end

-- Parks a task unless its minute is already due for promotion; true when parked. The caller
-- adds the tasks it parked to parkedCountKey, once per call.
local function parkIfLater(p, now, id, dueScoreText, attempts, bumpAt, encoded)
  local slot = math.floor(dueTimeOf(dueScoreText) / p.slotMs)
  local slotStart = slot * p.slotMs
  if slotStart <= now + p.aheadMs then return false end
  -- Relative to its slot, a score has 7 digits instead of 15.
  local element = id .. '|' .. scoreText(tonumber(dueScoreText) - slotStart * 64) .. '|'
  if attempts ~= '0' or bumpAt ~= '0' then element = element .. attempts .. '|' .. bumpAt .. '|' end
  local position = redis.call('RPUSH', p.listPrefix .. slot, element .. encoded)
  redis.call('HSET', parkedAtKey(p, id), id, slot .. ':' .. position)
  -- Tasks of one call mostly share a few minutes: each is added once per call.
  if not p.slotsAdded[slot] then
    redis.call('ZADD', p.slots, slotStart, slot)
    p.slotsAdded[slot] = true
  end
  return true
end

-- Moves up to `budget` parked tasks of the minutes whose promotion time has come into the due
-- set, bodies hash, attempts hash and deadlines set (k.due, k.tasks, k.attempts, k.deadlines);
-- returns how many it moved.
local function promoteParked(p, k, now, budget)
  local promoted = 0
  -- One ZADD and one HSET for all: a call per task would cost as much as the work.
  local dueArgs, taskArgs = {}, {}
  local slots = redis.call('ZRANGEBYSCORE', p.slots, '-inf', now + p.aheadMs, 'WITHSCORES', 'LIMIT', 0, 100)
  for s = 1, #slots, 2 do
    if budget <= 0 then break end
    local slot, scoreBase = slots[s], tonumber(slots[s + 1]) * 64
    local list = p.listPrefix .. slot
    local length = redis.call('LLEN', list)
    local from = math.max(0, length - budget)
    local elements = redis.call('LRANGE', list, from, -1)
    for i, element in ipairs(elements) do
      local id, relative, rest = string.match(element, '^([^|]*)|([^|]*)|(.*)$')
      local attempts, bumpAt, encoded = '0', '0', rest
      if string.sub(rest, 1, 1) ~= '{' then attempts, bumpAt, encoded = string.match(rest, '^([^|]*)|([^|]*)|(.*)$') end
      local atKey = parkedAtKey(p, id)
      if redis.call('HGET', atKey, id) == slot .. ':' .. (from + i) then
        redis.call('HDEL', atKey, id)
        dueArgs[#dueArgs + 1] = scoreText(scoreBase + tonumber(relative))
        dueArgs[#dueArgs + 1] = id
        taskArgs[#taskArgs + 1] = id
        taskArgs[#taskArgs + 1] = encoded
        if attempts ~= '0' then redis.call('HSET', k.attempts, id, attempts) end
        if bumpAt ~= '0' then redis.call('ZADD', k.deadlines, bumpAt, id) end
        promoted = promoted + 1
      end
    end
    budget = budget - #elements
    if from == 0 then
      redis.call('DEL', list)
      redis.call('ZREM', p.slots, slot)
    else
      redis.call('LTRIM', list, 0, from - 1)
    end
  end
  for from = 1, #dueArgs, 4000 do redis.call('ZADD', k.due, unpack(dueArgs, from, math.min(#dueArgs, from + 3999))) end
  for from = 1, #taskArgs, 4000 do redis.call('HSET', k.tasks, unpack(taskArgs, from, math.min(#taskArgs, from + 3999))) end
  if promoted > 0 then redis.call('DECRBY', parkedCountKey(p), promoted) end
  return promoted
end
