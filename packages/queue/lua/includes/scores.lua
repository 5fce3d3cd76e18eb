-- Due-set scores carry four flag bits below the millisecond, so claiming needs no per-task
-- lookup: score = dueAt + flags / 16, flags = priority (0 high, 1 medium, 2 low)
-- + 4 * front + 8 * inStream. Mirrored by src/scores.ts.
local function splitDueScore(score)
  local dueAt = math.floor(score)
  local flags = math.floor((score - dueAt) * 16 + 0.5)
  return dueAt, flags % 4, math.floor(flags / 4) % 2, math.floor(flags / 8) % 2
end

-- Redis turns Lua numbers into strings with 14 significant digits, too few for a due score
-- (13 digits of milliseconds plus the flags): every score goes to Redis through this.
local function scoreText(score)
  return string.format('%.4f', score)
end

local function dueScore(dueAt, priority, front, inStream)
  return scoreText(dueAt + (priority + 4 * front + 8 * inStream) / 16)
end

-- Ready-set scores: one band per priority (high first); inside a band, `front` tasks come
-- first, newest first, then the rest in due order.
local PRIORITY_BAND = 17592186044416 -- 2^44
local BACK_OFFSET = 8796093022208 -- 2^43; due times and clock readings stay below 2^42
local function readyScore(priority, front, dueAt, now)
  if front == 1 then return scoreText(priority * PRIORITY_BAND + BACK_OFFSET - now) end
  return scoreText(priority * PRIORITY_BAND + BACK_OFFSET + dueAt)
end

local function priorityOfReadyScore(score)
  return math.floor(score / PRIORITY_BAND)
end
