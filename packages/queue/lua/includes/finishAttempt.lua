-- Ends attempt `n` of task `id`, whose lease is already released, and decides what follows:
--   success                          -> delivered
--   permanent                        -> dead
--   skipped (too late for catch-up)  -> cancelled
--   retryable or lost, attempts left -> retrying: back into the due set `retryDelayMs` from now,
--                                       one priority lower per failed attempt (never below low)
--                                       unless its deadline is near, then high
--   retryable or lost, none left     -> dead
-- Decision and retry happen in the same atomic step that released the lease, so a retry can
-- never be dropped between two calls. A finished task releases its stream; one event goes to
-- the history stream.
-- Needs: redisNow, taskFields, scores, streams, wakeIfEarlier.
-- k: tasks, due, events, streams, deadlines, readyPrefix (keys); c: streamPrefix, wakeChannel, readyChannel, shard.
-- errClass: the kind of failure ('' for none), for the error report; excerpt: what the attempt
-- sent and got back (JSON text, '' for none), handed on to the history as it came.
local function finishAttempt(k, c, id, n, outcome, retryDelayMs, now, startedAtMs, httpStatus, err, errClass, excerpt)
  local status = 'dead'
  local encoded = redis.call('HGET', k.tasks, id)
  local task = encoded and cjson.decode(encoded) or {}
  if outcome == 'success' then
    status = 'delivered'
  elseif outcome == 'skipped' then
    status = 'cancelled'
  elseif outcome ~= 'permanent' and encoded and tonumber(n) < (taskMaxAttempts(task)) then
    status = 'retrying'
  end
  local nextAt = ''
  if status == 'retrying' then
    nextAt = now + retryDelayMs
    local priority = math.min(2, taskPriority(task) + tonumber(n))
    if taskBumpAt(task) and taskBumpAt(task) <= nextAt then priority = 0 end
    local inStream = taskStreamKey(task) and 1 or 0
    local headBefore = redis.call('ZRANGE', k.due, 0, 0, 'WITHSCORES')[2]
    redis.call('ZADD', k.due, dueScore(nextAt, priority, 0, inStream, taskChannel(task)), id)
    wakeIfEarlier(k.due, headBefore, c.wakeChannel, c.shard)
  else
    -- The attempt counter stays until the history writer has recorded this event (see
    -- forgetFinished), so a cancel arriving meanwhile can tell "finished" from "never ran".
    redis.call('HDEL', k.tasks, id)
    redis.call('ZREM', k.deadlines, id)
    local madeReady = taskStreamKey(task) and releaseStream(k, c.streamPrefix, taskStreamKey(task), id, now)
    if madeReady then redis.call('PUBLISH', c.readyChannel, c.shard .. ':' .. madeReady) end
  end
  redis.call('XADD', k.events, '*',
    'e', 'finish', 'id', id, 'n', n, 'outcome', outcome, 'status', status,
    'startedAt', startedAtMs, 'at', now, 'http', httpStatus, 'error', err, 'class', errClass, 'nextAt', nextAt, 'excerpt', excerpt)
  return status
end
