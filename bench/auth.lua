-- bench/auth.lua -- wrk script: send the bearer token from $ZW_TOKEN.
local token = os.getenv("ZW_TOKEN")
if token == nil or token == "" then
	error("ZW_TOKEN is not set")
end
wrk.headers["Authorization"] = "Bearer " .. token
