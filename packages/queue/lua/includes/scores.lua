-- Due-set scores carry six flag bits below the millisecond, so claiming needs no per-task
-- lookup: score = dueAt * 64 + flags, flags = priority (0 high, 1 medium, 2 low)
-- + 4 * front + 8 * inStream + 16 * channel (0 webhook, 1 email, 2 sms). Mirrored by src/scores.ts.
-- Whole numbers (below 2^53, so exact), because Redis replies them without float formatting,
-- which made WITHSCORES the costliest part of a claim.
local CHANNELS = { 'webhook', 'email', 'sms' }
local CHANNEL_INDEX = { webhook = 0, email = 1, sms = 2 }

local function splitDueScore(score)
  local flags = score % 64
  return (score - flags) / 64, flags % 4, math.floor(flags / 4) % 2, math.floor(flags / 8) % 2, math.floor(flags / 16) % 4
end

-- Redis turns Lua numbers into strings with 14 significant digits, too few for a due score
-- (15 digits): every due score goes to Redis through this.
local function scoreText(score)
  return string.format('%.0f', score)
end

local function dueScore(dueAt, priority, front, inStream, channel)
  return scoreText(dueAt * 64 + priority + 4 * front + 8 * inStream + 16 * channel)
end

-- The lowest due score of millisecond `ms`, for range bounds.
local function dueScoreAt(ms)
  return scoreText(ms * 64)
end

-- The due time (ms) of a due score as Redis replies it.
local function dueTimeOf(scoreReply)
  return math.floor(tonumber(scoreReply) / 64)
end

-- What is ready waits in one LIST per channel and priority (high, medium, low): a claim appends
-- (in due order, as it claims) and a `front` task goes to the head; senders pop high first.
-- Lists, not sorted sets: appending and popping cost a fraction of a sorted insert, and claims
-- come in due order anyway. Mirrored by readyListKeys in src/keys.ts.
local function readyListKey(readyPrefix, channel, priority)
  return readyPrefix .. CHANNELS[channel + 1] .. ':' .. priority
end

-- A ready list's entry is "<taskId>:<due score>:<readyMs>": the task, its due score (so its due
-- time), and when a claim made it ready, so every attempt records how late its task was claimed
-- at no cost but a few bytes while it waits. The score goes in as Redis replied it: a claim
-- formats no number per task. Mirrored by readyEntryTaskId in src/scores.ts.
local function readyEntry(id, dueScoreText, readyAt)
  return id .. ':' .. dueScoreText .. ':' .. readyAt
end

-- The task id, due time and ready time (ms) of a ready entry (the times nil in an entry without
-- them).
local function splitReadyEntry(entry)
  local id, score, readyAt = string.match(entry, '^([^:]+):(%d+):(%d+)$')
  if id then return id, dueTimeOf(score), tonumber(readyAt) end
  return entry, nil, nil
end

-- Makes one task, of due score `dueScoreText`, ready now.
local function pushReady(readyPrefix, channel, priority, front, id, dueScoreText, now)
  redis.call(front == 1 and 'LPUSH' or 'RPUSH', readyListKey(readyPrefix, channel, priority), readyEntry(id, dueScoreText, now))
end

-- Takes a task out of whichever ready list of its channel holds it (rare: a cancel or a
-- deadline bump of a task already ready); returns the entry it had, or nil. It reads the lists
-- through: they are short, bounded by the claim's ready limit.
local function removeReady(readyPrefix, channel, id)
  local prefix = id .. ':'
  for priority = 0, 2 do
    local list = readyListKey(readyPrefix, channel, priority)
    for _, entry in ipairs(redis.call('LRANGE', list, 0, -1)) do
      if entry == id or string.sub(entry, 1, #prefix) == prefix then
        redis.call('LREM', list, 1, entry)
        return entry
      end
    end
  end
  return nil
end
