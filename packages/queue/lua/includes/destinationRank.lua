-- Tasks waiting for a busy destination (a webhook's host, an email's domain) wait in one sorted
-- set per destination and shard, scored so that the lowest score is the task to go next when a
-- slot frees: high priority (or a deadline come near) first, then `front` before the rest, then
-- the earliest due. rank = (priority * 2 + (1 - front)) * 2^42 + dueAt (ms; 2^42 ms is the year
-- 2109), a whole number below 2^53, so
-- ranks compare across shards as they are (see QueueScripts.waitingHeads).
-- Needs: scores.
local RANK_SPAN = 4398046511104

local function destinationRank(priority, front, dueAt)
  return scoreText((priority * 2 + 1 - front) * RANK_SPAN + dueAt)
end

-- The priority, front flag and due time (ms) of a rank as Redis replies it.
local function splitDestinationRank(scoreReply)
  local score = tonumber(scoreReply)
  local dueAt = score % RANK_SPAN
  local class = (score - dueAt) / RANK_SPAN
  return math.floor(class / 2), 1 - class % 2, dueAt
end
