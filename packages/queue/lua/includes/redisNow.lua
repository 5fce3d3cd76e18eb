-- Redis' own clock in milliseconds. Every due and lease comparison uses it, so replicas whose
-- clocks disagree can neither claim early nor starve: there is one clock.
local function redisNowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
