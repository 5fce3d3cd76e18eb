-- Due-set scores carry six flag bits below the millisecond, so claiming needs no per-task
-- lookup: score = dueAt + flags / 64, flags = priority (0 high, 1 medium, 2 low)
-- + 4 * front + 8 * inStream + 16 * channel (0 webhook, 1 email, 2 sms). Mirrored by src/scores.ts.
local CHANNELS = { 'webhook', 'email', 'sms' }
local CHANNEL_INDEX = { webhook = 0, email = 1, sms = 2 }

local function splitDueScore(score)
  local dueAt = math.floor(score)
  local flags = math.floor((score - dueAt) * 64 + 0.5)
  return dueAt, flags % 4, math.floor(flags / 4) % 2, math.floor(flags / 8) % 2, math.floor(flags / 16) % 4
end

-- Redis turns Lua numbers into strings with 14 significant digits, too few for a due score
-- (13 digits of milliseconds plus the flags): every score goes to Redis through this.
local function scoreText(score)
  return string.format('%.6f', score)
end

local function dueScore(dueAt, priority, front, inStream, channel)
  return scoreText(dueAt + (priority + 4 * front + 8 * inStream + 16 * channel) / 64)
end

-- Ready-set scores (one ready set per channel): one band per priority (high first); inside a
-- band, `front` tasks come first, newest first, then the rest in due order.
local PRIORITY_BAND = 17592186044416 -- 2^44
local BACK_OFFSET = 8796093022208 -- 2^43; due times and clock readings stay below 2^42
local function readyScore(priority, front, dueAt, now)
  if front == 1 then return scoreText(priority * PRIORITY_BAND + BACK_OFFSET - now) end
  return scoreText(priority * PRIORITY_BAND + BACK_OFFSET + dueAt)
end

local function priorityOfReadyScore(score)
  return math.floor(score / PRIORITY_BAND)
end

-- The ready set of a channel (by its index), under the shard's ready prefix.
local function readyKey(readyPrefix, channel)
  return readyPrefix .. CHANNELS[channel + 1]
end
