-- Publishes "<shard>:<dueMs>" on the wake channel when the due set's earliest entry became
-- earlier than `headBefore` (nil = the set was empty), so sleeping schedulers set their timers again.
--@include scores
local function wakeIfEarlier(dueKey, headBefore, wakeChannel, shard)
  local head = redis.call('ZRANGE', dueKey, 0, 0, 'WITHSCORES')[2]
  if head and (headBefore == nil or tonumber(head) < tonumber(headBefore)) then
    redis.call('PUBLISH', wakeChannel, shard .. ':' .. dueTimeOf(head))
  end
end
