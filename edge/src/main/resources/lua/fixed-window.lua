-- One request against a fixed-window limit, atomically, on Redis's clock so every edge agrees.
-- KEYS[1]: the limiter key (route and client IP); ARGV[1]: window length in milliseconds.
-- Returns {requests counted in the current window, milliseconds until it ends}.
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local window = tonumber(ARGV[1])
local key = KEYS[1] .. ':' .. math.floor(now_ms / window)
local count = redis.call('INCR', key)
if count == 1 then
  redis.call('PEXPIRE', key, window)
end
return {count, window - (now_ms % window)}
