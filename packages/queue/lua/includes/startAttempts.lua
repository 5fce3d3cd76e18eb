-- Starts an attempt of each task `ids[i]` (due at dueTimes[i], made ready at readyTimes[i], ''
-- or nil when not known; queued at priority + 4 * front = places[i]): increments its attempt
-- counter (the fencing token), leases it for its timeout plus `margin` ms, and appends "taskId,
-- attempt, encoded task, due, made ready, place" to `out`.
-- A task without a body (cancelled while it waited) is left out; one past its `expiresAt` (an
-- occurrence its schedule's catch-up policy skips) is finished as skipped instead. One event
-- records every attempt started (see src/historyStream.ts).
-- Needs: taskFields, finishAttempt.
-- k: leases, attempts, and finishAttempt's keys (tasks, due, events, streams, deadlines,
-- readyPrefix); c: finishAttempt's context. At most 1,000 ids (they go through unpack).
local function startAttempts(k, c, ids, dueTimes, readyTimes, places, margin, now, out)
  -- One call per kind of work for the whole batch, not one per task: a call from Lua costs about
  -- as much as the work it does here.
  local bodies = redis.call('HMGET', k.tasks, unpack(ids))
  local counts = redis.call('HMGET', k.attempts, unpack(ids))
  local attemptPairs, leasePairs, started, expired = {}, {}, {}, {}
  for i, id in ipairs(ids) do
    local encoded = bodies[i]
    if encoded then
      local task = cjson.decode(encoded)
      local n = (tonumber(counts[i]) or 0) + 1
      local dueAt, readyAt = dueTimes[i] or '', readyTimes[i] or ''
      attemptPairs[#attemptPairs + 1] = id
      attemptPairs[#attemptPairs + 1] = n
      started[#started + 1] = { id, n, tonumber(dueAt) or 0, tonumber(readyAt) or 0 }
      if taskExpiresAt(task) and now > taskExpiresAt(task) then
        expired[#expired + 1] = { id, n }
      else
        leasePairs[#leasePairs + 1] = now + taskTimeoutMs(task) + margin
        leasePairs[#leasePairs + 1] = id
        out[#out + 1] = id
        out[#out + 1] = n
        out[#out + 1] = encoded
        out[#out + 1] = dueAt
        out[#out + 1] = readyAt
        out[#out + 1] = places[i]
      end
    end
  end
  if #started == 0 then return end
  redis.call('HSET', k.attempts, unpack(attemptPairs))
  if #leasePairs > 0 then redis.call('ZADD', k.leases, unpack(leasePairs)) end
  redis.call('XADD', k.events, '*', 'e', 'starts', 'at', now, 'b', cjson.encode(started))
  for _, attempt in ipairs(expired) do
    finishAttempt(k, c, attempt[1], attempt[2], 'skipped', 0, now, now, '', 'skipped: its schedule does not catch up on missed runs', '')
  end
end
