--[[
  Cancels a task that has not started its current run.

  KEYS[1] due set       ZSET  taskId -> due time (ms)
  KEYS[2] task bodies   HASH  taskId -> encoded task (JSON)
  KEYS[3] leases        ZSET  taskId -> lease expiry (ms)
  KEYS[4] attempts      HASH  taskId -> attempt number

  ARGV[1] taskId

  Returns one of:
    'cancelled'  it was waiting (due set, retry, or ready list) and is gone
    'running'    a sender holds it now
    'finishing'  it finished and its history is not written yet
    'absent'     Redis does not hold it (never loaded, or finished and recorded): ask Postgres
]]

local id = ARGV[1]
if redis.call('ZSCORE', KEYS[3], id) then return 'running' end
-- Removing the body is what cancels: a task still in the ready list is skipped by takeReady.
if redis.call('HDEL', KEYS[2], id) == 1 then
  redis.call('ZREM', KEYS[1], id)
  redis.call('HDEL', KEYS[4], id)
  return 'cancelled'
end
if redis.call('HEXISTS', KEYS[4], id) == 1 then return 'finishing' end
return 'absent'
