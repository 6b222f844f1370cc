-- bench/registry.lua -- wrk script: GET /api/v1/registry/persons/{id}
-- for keys drawn at random from $ZW_KEYS (one ID number a line), with
-- the bearer token from $ZW_TOKEN and the required X-Purpose and
-- X-Case-Ref headers.  A key file line starting with "-" is a miss.
local token = os.getenv("ZW_TOKEN")
local path = os.getenv("ZW_KEYS")
if token == nil or token == "" or path == nil then
	error("ZW_TOKEN and ZW_KEYS must be set")
end
local keys = {}
for line in io.lines(path) do
	keys[#keys + 1] = line
end
if #keys == 0 then
	error("no keys in " .. path)
end
math.randomseed(os.time())
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["X-Purpose"] = "%E6%80%A7%E8%83%BD%E6%B5%8B%E8%AF%95"	-- 性能测试
wrk.headers["X-Case-Ref"] = "BENCH-1"

request = function()
	return wrk.format("GET", "/api/v1/registry/persons/" .. keys[math.random(#keys)])
end
