-- POSTs registrations that never repeat a login or a Telegram id: a salt per run (first script
-- argument), a number per wrk thread and a counter. The second argument is the API key.
local script_dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(script_dir .. "report.lua")

local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local salt, counter
init = function(args)
  salt = args[1] or "1"
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-API-Key"] = args[2]
end

request = function()
  counter = counter + 1
  local login = string.format("b%s%d_%d", salt, tid, counter)
  local telegram_id = string.format("%s%d%09d", salt, tid, counter)
  wrk.body = string.format(
    '{"login":"%s","password":"bench-password","gender":0,"telegram_id":%s}', login, telegram_id)
  return wrk.format()
end
