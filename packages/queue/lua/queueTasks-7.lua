--[[
  Puts tasks of one shard into its due set with their bodies, or parks those due after the next
  promotion (see includes/parking.lua), but only tasks Redis does not hold in any form (parked,
  waiting, ready, leased, or finished and not yet recorded): queuing a task again from Postgres can
  therefore never run it twice.

  KEYS[1] -> due              ZSET  taskId -> due score (due time ms + flags, see scores.lua)
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] -> attempts         HASH  taskId -> number of attempts already made (fencing token)
  KEYS[4] -> deadlines        ZSET  taskId -> when its deadline makes it high priority (ms)
  KEYS[5] -> parkedSlots      ZSET  minute -> its start (ms)
  KEYS[6] -> parkedPrefix     the minutes' LISTs of parked tasks are KEYS[6] .. minute (same hash tag)
  KEYS[7] -> parkedAtPrefix   the HASHes taskId -> "<minute>:<position>" are KEYS[7] .. id bucket,
                              and KEYS[7] .. 'count' counts the parked tasks (same hash tag)

  ARGV[1] wake channel  published to when the shard's earliest due (or promotion) time moves earlier
  ARGV[2] shard number
  ARGV[3] parking slot (ms), ARGV[4] promotion lead (ms), ARGV[5] ids per parked-at hash
  ARGV[6..] groups of five: taskId, due score, encoded task, attempts already made (0 = none),
            deadline bump time (ms, 0 = no deadline)

  Returns, per task in order, 1 when written and 0 when Redis already held it.
]]
--@include redisNow
--@include scores
--@include parking
--@include wakeIfEarlier

local p = {
  slots = KEYS[5], listPrefix = KEYS[6], atPrefix = KEYS[7],
  slotMs = tonumber(ARGV[3]), aheadMs = tonumber(ARGV[4]), idSpan = tonumber(ARGV[5]), slotsAdded = {},
}
local now = redisNowMs()
local headBefore = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
local parkedBefore = parkedHead(p)
local written = {}
local parked = 0
for i = 6, #ARGV, 5 do
  local id = ARGV[i]
  if redis.call('HEXISTS', KEYS[2], id) == 1 or redis.call('HEXISTS', KEYS[3], id) == 1 or isParked(p, id) then
    written[#written + 1] = 0
  elseif parkIfLater(p, now, id, ARGV[i + 1], ARGV[i + 3], ARGV[i + 4], ARGV[i + 2]) then
    parked = parked + 1
    written[#written + 1] = 1
  else
    redis.call('HSET', KEYS[2], id, ARGV[i + 2])
    redis.call('ZADD', KEYS[1], ARGV[i + 1], id)
    if ARGV[i + 3] ~= '0' then redis.call('HSET', KEYS[3], id, ARGV[i + 3]) end
    if ARGV[i + 4] ~= '0' then redis.call('ZADD', KEYS[4], ARGV[i + 4], id) end
    written[#written + 1] = 1
  end
end
if parked > 0 then redis.call('INCRBY', parkedCountKey(p), parked) end
wakeIfEarlier(KEYS[1], headBefore, ARGV[1], ARGV[2])
local parkedAfter = parkedHead(p)
if parkedAfter and (parkedBefore == nil or parkedAfter < parkedBefore) then
  redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':' .. scoreText(parkedAfter))
end
return written
