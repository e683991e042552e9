-- wrk script for scripts/loadtest.sh: single-name POST /match/default requests, rotating over the
-- names in the file given after `--` (one name per line), with the API key from the second arg.
local requests = {}
local i = 0

local function json_string(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"')
  return '"' .. s .. '"'
end

function init(args)
  local path = args[1]
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "ApiKey " .. (args[2] or ""),
  }
  -- Requests are formatted once, so that wrk spends its CPU sending, not building.
  for line in io.lines(path) do
    if #line > 0 then
      local body = '{"queries":{"q":{"schema":"Person","properties":{"name":[' ..
        json_string(line) .. ']}}}}'
      requests[#requests + 1] = wrk.format("POST", "/match/default", headers, body)
    end
  end
  -- Each wrk thread starts at a different offset.
  i = math.random(#requests)
end

function request()
  i = i % #requests + 1
  return requests[i]
end
