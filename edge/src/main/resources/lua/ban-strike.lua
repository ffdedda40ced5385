-- One strike against an IP; the strike that reaches the threshold bans it for every edge.
-- KEYS[1]: the IP's strike counter; KEYS[2]: the sorted set of bans (member IP, score end in ms).
-- ARGV: IP, threshold, window ms, ban duration ms. Returns the ban's end in ms, or 0.
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
if count < tonumber(ARGV[2]) then
  return 0
end
redis.call('DEL', KEYS[1])
local ban_end = now_ms + tonumber(ARGV[4])
redis.call('ZADD', KEYS[2], ban_end, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now_ms)
return ban_end
