-- Ends attempt `n` of task `id`, whose lease has already been removed, and decides what follows:
--   success                          -> delivered (body and counter dropped)
--   permanent                        -> dead
--   retryable or lost, attempts left -> retrying: back into the due set at `retryAtMs`
--   retryable or lost, none left     -> dead
-- The decision and the re-queue happen in the same atomic step that released the lease, so a
-- retry can never be dropped between two calls. One event goes to the history stream.
-- Needs: wakeIfEarlier. Keys: tasksKey (HASH), dueKey (ZSET), eventsKey (STREAM).
local function finishAttempt(k, id, n, outcome, retryAtMs, nowMs, startedAtMs, httpStatus, err, wakeChannel, shard)
  local status = 'dead'
  local body = redis.call('HGET', k.tasks, id)
  if outcome == 'success' then
    status = 'delivered'
  elseif outcome ~= 'permanent' and body then
    local maxAttempts = tonumber(cjson.decode(body).maxAttempts) or 1
    if tonumber(n) < maxAttempts then status = 'retrying' end
  end
  local nextAt = ''
  if status == 'retrying' then
    local headBefore = redis.call('ZRANGE', k.due, 0, 0, 'WITHSCORES')[2]
    redis.call('ZADD', k.due, retryAtMs, id)
    wakeIfEarlier(k.due, headBefore, wakeChannel, shard)
    nextAt = retryAtMs
  else
    -- The attempt counter stays until the history writer has recorded this event (see
    -- forgetFinished), so a cancel arriving meanwhile can tell "finished" from "never ran".
    redis.call('HDEL', k.tasks, id)
  end
  redis.call('XADD', k.events, '*',
    'e', 'finish', 'id', id, 'n', n, 'outcome', outcome, 'status', status,
    'startedAt', startedAtMs, 'at', nowMs, 'http', httpStatus, 'error', err, 'nextAt', nextAt)
  return status
end
