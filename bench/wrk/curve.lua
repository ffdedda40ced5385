-- Counts responses per wall-clock second in every thread; done() prints one line with the
-- requests of each whole second of the run, for the warm-up curve in bench/run.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  seconds = {}
end

function response(status, headers, body)
  local now = os.time()
  seconds[now] = (seconds[now] or 0) + 1
end

function done(summary, latency, requests)
  local total, first, last = {}, nil, nil
  for _, thread in ipairs(threads) do
    for second, count in pairs(thread:get("seconds")) do
      total[second] = (total[second] or 0) + count
      if not first or second < first then first = second end
      if not last or second > last then last = second end
    end
  end
  local line = "CURVE"
  -- The first and the last second are partial: left out.
  if first then
    for second = first + 1, last - 1 do
      line = line .. " " .. (total[second] or 0)
    end
  end
  io.write(line .. "\n")
end
