-- bench/sitesearch.lua -- wrk script: GET /api/v1/search?q=... (the
-- public site search, no login), cycling over the percent-encoded
-- queries in $ZW_QUERIES (space separated); each thread starts at a
-- different query.  $ZW_SEARCH_LIMIT (optional) adds &limit=N.
local list = os.getenv("ZW_QUERIES")
local limit = os.getenv("ZW_SEARCH_LIMIT")
local extra = ""
if limit ~= nil and limit ~= "" then
	extra = "&limit=" .. limit
end
if list == nil or list == "" then
	error("ZW_QUERIES must be set")
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
	return wrk.format("GET", "/api/v1/search?q=" .. queries[(i % #queries) + 1] .. extra)
end
