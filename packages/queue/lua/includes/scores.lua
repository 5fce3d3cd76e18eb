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

-- Ready-set scores (one ready set per channel): one band per priority (high first); inside a
-- band, `front` tasks come first, newest first, then the rest in due order.
local PRIORITY_BAND = 17592186044416 -- 2^44
local BACK_OFFSET = 8796093022208 -- 2^43; due times and clock readings stay below 2^42
-- A whole number below 2^46, so Redis' 14-digit conversion of Lua numbers keeps it exact: it
-- needs no scoreText.
local function readyScore(priority, front, dueAt, now)
  if front == 1 then return priority * PRIORITY_BAND + BACK_OFFSET - now end
  return priority * PRIORITY_BAND + BACK_OFFSET + dueAt
end

local function priorityOfReadyScore(score)
  return math.floor(score / PRIORITY_BAND)
end

-- The ready set of a channel (by its index), under the shard's ready prefix.
local function readyKey(readyPrefix, channel)
  return readyPrefix .. CHANNELS[channel + 1]
end
