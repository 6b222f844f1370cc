-- bench/submit.lua -- wrk script: POST /api/v1/applications with the
-- bearer token in $ZW_TOKEN and the JSON body in $ZW_BODY; counts the
-- answers by status so that the script can report 201s only.
local token = os.getenv("ZW_TOKEN")
local body = os.getenv("ZW_BODY")
if token == nil or token == "" or body == nil or body == "" then
	error("ZW_TOKEN and ZW_BODY must be set")
end
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

local threads = {}
function setup(thread)
	table.insert(threads, thread)
end
function init(args)
	created = 0
	other = 0
end
function response(status, headers, body)
	if status == 201 then
		created = created + 1
	else
		other = other + 1
	end
end
function done(summary, latency, requests)
	local c, o = 0, 0
	for _, t in ipairs(threads) do
		c = c + t:get("created")
		o = o + t:get("other")
	end
	io.write(string.format("created=%d\nother=%d\n", c, o))
end
