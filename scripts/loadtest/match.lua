-- wrk script for scripts/loadtest.sh: single-name POST /match/default requests, rotating over the
-- names in the file given after `--` (one name per line), with the API key from the second arg.
local bodies = {}
local key = ""
local i = 0

local function json_string(s)
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"')
  return '"' .. s .. '"'
end

function init(args)
  local path = args[1]
  key = args[2] or ""
  for line in io.lines(path) do
    if #line > 0 then
      bodies[#bodies + 1] = '{"queries":{"q":{"schema":"Person","properties":{"name":[' ..
        json_string(line) .. ']}}}}'
    end
  end
  -- Each wrk thread starts at a different offset.
  i = math.random(#bodies)
end

function request()
  i = i % #bodies + 1
  return wrk.format("POST", "/match/default", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "ApiKey " .. key,
  }, bodies[i])
end
