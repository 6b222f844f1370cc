-- bench/letters.lua -- wrk script: POST /api/v1/letters (no login) with
-- the solved challenge in $ZW_TOKEN / $ZW_ANSWER and the target in
-- $ZW_ORG.  Every request has its own content (thread id + counter), so
-- the duplicate check does not refuse it ($ZW_RUN tells runs apart); counts 201, 429 and others.
local token = os.getenv("ZW_TOKEN")
local answer = os.getenv("ZW_ANSWER")
local org = os.getenv("ZW_ORG")
local run = os.getenv("ZW_RUN") or ""
if token == nil or answer == nil or org == nil then
	error("ZW_TOKEN, ZW_ANSWER and ZW_ORG must be set")
end

local threads = {}
local id = 0
function setup(thread)
	id = id + 1
	thread:set("tid", id)
	table.insert(threads, thread)
end
function init(args)
	created, limited, other, n = 0, 0, 0, 0
end
function request()
	n = n + 1
	local body = string.format('{"category":"咨询","target_org_id":%s,"name":"压测",' ..
	    '"phone":"13800000000","subject":"压测来信","content":"压测内容 %s-%d-%d",' ..
	    '"challenge_token":"%s","challenge_answer":"%s"}', org, run, tid, n, token, answer)
	return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
function response(status, headers, body)
	if status == 201 then
		created = created + 1
	elseif status == 429 then
		limited = limited + 1
	else
		other = other + 1
	end
end
function done(summary, latency, requests)
	local c, l, o = 0, 0, 0
	for _, t in ipairs(threads) do
		c = c + t:get("created")
		l = l + t:get("limited")
		o = o + t:get("other")
	end
	io.write(string.format("created=%d\nlimited=%d\nother=%d\n", c, l, o))
end
