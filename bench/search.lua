-- bench/search.lua -- wrk script: GET /api/v1/documents/search?q=... with
-- the bearer token from $ZW_TOKEN, cycling over the percent-encoded
-- queries in $ZW_QUERIES (space separated); each thread starts at a
-- different query.  $ZW_SEARCH_LIMIT (optional) adds &limit=N (the
-- API's default page is 50).
local token = os.getenv("ZW_TOKEN")
local list = os.getenv("ZW_QUERIES")
local limit = os.getenv("ZW_SEARCH_LIMIT")
local extra = ""
if limit ~= nil and limit ~= "" then
	extra = "&limit=" .. limit
end
if token == nil or token == "" or list == nil or list == "" then
	error("ZW_TOKEN and ZW_QUERIES must be set")
end
local queries = {}
for q in string.gmatch(list, "%S+") do
	queries[#queries + 1] = q
end
local threads = 0
local i = 0

function setup(thread)
	thread:set("first", threads)
	threads = threads + 1
end

function init(args)
	i = tonumber(first) or 0
end

function request()
	i = i + 1
	return wrk.format("GET", "/api/v1/documents/search?q=" .. queries[i % #queries + 1] .. extra,
		{ ["Authorization"] = "Bearer " .. token })
end
