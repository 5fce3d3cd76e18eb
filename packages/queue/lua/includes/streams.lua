-- A stream runs one task at a time. `k.streams` (HASH streamKey -> taskId) names the task that
-- holds each busy stream; tasks of a busy stream that came due wait, in due order, in the ZSET
-- `streamPrefix .. streamKey` (scored like the due set) until the holder is finished.
-- Needs: scores.

-- Lets a due task of a stream through if the stream is free (or it already holds it).
local function admitToStream(k, streamPrefix, streamKey, id, score)
  local holder = redis.call('HGET', k.streams, streamKey)
  if holder and holder ~= id then
    redis.call('ZADD', streamPrefix .. streamKey, scoreText(score), id)
    return false
  end
  redis.call('HSET', k.streams, streamKey, id)
  return true
end

-- Hands a stream held by `id` to its next waiting task, which becomes ready at once.
-- Returns the channel name of the task made ready, or nil.
local function releaseStream(k, streamPrefix, streamKey, id, now)
  if redis.call('HGET', k.streams, streamKey) ~= id then return nil end
  local waiting = streamPrefix .. streamKey
  local nextTask = redis.call('ZPOPMIN', waiting)
  if #nextTask == 0 then
    redis.call('HDEL', k.streams, streamKey)
    return nil
  end
  local dueAt, priority, front, _, channel = splitDueScore(tonumber(nextTask[2]))
  redis.call('HSET', k.streams, streamKey, nextTask[1])
  pushReady(k.readyPrefix, channel, priority, front, nextTask[1], nextTask[2], now)
  return CHANNELS[channel + 1]
end
