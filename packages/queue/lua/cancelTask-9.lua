--[[
  Takes a task out of Redis if it has not started its current run: to cancel it, or to
  reschedule it (the caller puts it back with queueTasks).

  KEYS[1] -> due              ZSET  taskId -> due score
  KEYS[2] -> tasks            HASH  taskId -> encoded task (src/taskEncoding.ts)
  KEYS[3] -> leases           ZSET  taskId -> lease expiry (ms)
  KEYS[4] -> attempts         HASH  taskId -> attempt number
  KEYS[5] -> streams          HASH  streamKey -> taskId holding the stream
  KEYS[6] -> deadlines        ZSET  taskId -> deadline bump time (ms)
  KEYS[7] -> readyPrefix      the ready lists are KEYS[7] .. channel name .. ':' .. priority (same
                              hash tag): LIST of "<taskId>:<due score>:<readyMs>", see scores.lua
  KEYS[8] -> heldPrefix       the held sets are KEYS[8] .. channel name (same hash tag)
  KEYS[9] -> parkedAtPrefix   the HASHes taskId -> "<minute>:<position>" of parked tasks
                              (includes/parking.lua) are KEYS[9] .. id bucket, and KEYS[9] .. 'count'
                              counts them

  ARGV[1] taskId
  ARGV[2] stream prefix, ARGV[3] ready channel, ARGV[4] shard number
  ARGV[5] ids per parked-at hash

  Returns one of:
    'cancelled'  it was waiting (parked, due set, retry, held, stream queue, or ready list) and is gone
    'running'    a sender holds it now
    'finishing'  it finished and its history is not written yet
    'absent'     Redis does not hold it (never queued, or finished and recorded): ask Postgres
]]
--@include redisNow
--@include taskFields
--@include scores
--@include streams
--@include parking

local id = ARGV[1]
if redis.call('ZSCORE', KEYS[3], id) then return 'running' end
-- A parked task has no other trace: forgetting its id leaves its element to be skipped.
if unpark({ atPrefix = KEYS[9], idSpan = tonumber(ARGV[5]) }, id) then return 'cancelled' end
local encoded = redis.call('HGET', KEYS[2], id)
if not encoded then
  if redis.call('HEXISTS', KEYS[4], id) == 1 then return 'finishing' end
  return 'absent'
end
local task = cjson.decode(encoded)
redis.call('HDEL', KEYS[2], id)
redis.call('HDEL', KEYS[4], id)
redis.call('ZREM', KEYS[1], id)
redis.call('ZREM', KEYS[6], id)
redis.call('ZREM', KEYS[8] .. CHANNELS[taskChannel(task) + 1], id)
removeReady(KEYS[7], taskChannel(task), id)
if taskStreamKey(task) then
  redis.call('ZREM', ARGV[2] .. taskStreamKey(task), id)
  local madeReady = releaseStream({ streams = KEYS[5], readyPrefix = KEYS[7] }, ARGV[2], taskStreamKey(task), id, redisNowMs())
  if madeReady then redis.call('PUBLISH', ARGV[3], ARGV[4] .. ':' .. madeReady) end
end
return 'cancelled'
