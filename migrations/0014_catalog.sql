-- 0014 the information-resource catalog (政务信息资源目录, standards.md
-- §5), 有条件共享 requests and their grants, API clients of other
-- systems and their short-lived tokens.
--
-- A resource keeps its working copy (doc, JSON of the §5 metadata) and
-- every published version (catalog_versions, never changed).  The
-- columns beside doc repeat the latest published version for browsing
-- and filtering; registry binds a resource to a base registry
-- ('persons' / 'legal_persons') so that lookups honour its grants.

CREATE TABLE catalog_resources (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,
	registry TEXT NOT NULL DEFAULT '',
	provider_org_id BIGINT NOT NULL REFERENCES orgs(id),
	status TEXT NOT NULL DEFAULT 'draft',
	doc TEXT NOT NULL,
	name TEXT NOT NULL,
	class_code TEXT NOT NULL,
	share_type TEXT NOT NULL,
	published_version INTEGER NOT NULL DEFAULT 0,
	published_at BIGINT NOT NULL DEFAULT 0,
	created_by BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX catalog_resources_provider ON catalog_resources(provider_org_id);
CREATE INDEX catalog_resources_class ON catalog_resources(class_code);

CREATE TABLE catalog_versions (
	id {{ID}},
	resource_id BIGINT NOT NULL REFERENCES catalog_resources(id),
	version INTEGER NOT NULL,
	doc TEXT NOT NULL,
	published_at BIGINT NOT NULL,
	published_by BIGINT,
	UNIQUE (resource_id, version)
);

-- API clients of other systems: a client acts for its organization.
-- Only the SM3 of the secret is kept (the secret is 256 random bits).
CREATE TABLE api_clients (
	id {{ID}},
	client_key TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	secret_hash TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'active',
	created_by BIGINT,
	created_at BIGINT NOT NULL
);

CREATE TABLE api_client_tokens (
	id {{ID}},
	token_hash TEXT NOT NULL UNIQUE,
	client_id BIGINT NOT NULL REFERENCES api_clients(id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

-- 有条件共享: a consuming organization asks; the provider answers
-- within 10 working days (due_on); items are ",a,b," lists.
CREATE TABLE share_requests (
	id {{ID}},
	resource_id BIGINT NOT NULL REFERENCES catalog_resources(id),
	consumer_org_id BIGINT NOT NULL REFERENCES orgs(id),
	client_id BIGINT REFERENCES api_clients(id),
	items TEXT NOT NULL,
	purpose TEXT NOT NULL,
	legal_basis TEXT NOT NULL,
	period_end TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending',
	due_on TEXT NOT NULL,
	requested_by BIGINT,
	requested_at BIGINT NOT NULL,
	answered_by BIGINT,
	answered_at BIGINT NOT NULL DEFAULT 0,
	answer_reason TEXT NOT NULL DEFAULT '',
	granted_items TEXT NOT NULL DEFAULT ''
);
CREATE INDEX share_requests_resource ON share_requests(resource_id, status);
CREATE INDEX share_requests_consumer ON share_requests(consumer_org_id);

-- A grant: per consuming organization, optionally per client, per item,
-- with an expiry (end of the expiry date).
CREATE TABLE share_grants (
	id {{ID}},
	request_id BIGINT REFERENCES share_requests(id),
	resource_id BIGINT NOT NULL REFERENCES catalog_resources(id),
	consumer_org_id BIGINT NOT NULL REFERENCES orgs(id),
	client_id BIGINT REFERENCES api_clients(id),
	items TEXT NOT NULL,
	expires_on TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	status TEXT NOT NULL DEFAULT 'active',
	created_at BIGINT NOT NULL
);
CREATE INDEX share_grants_consumer ON share_grants(consumer_org_id, resource_id);

-- Existing installations: the catalog administrator is the 数据管理员;
-- providers' leaders and clerks draft their entries (new installations
-- get both from the built-in roles, src/org/org.c).
UPDATE roles SET permissions = permissions || 'catalog.manage,catalog.edit,'
	WHERE code = 'registry_admin' AND builtin = 1
	AND permissions NOT LIKE '%,catalog.manage,%';
UPDATE roles SET permissions = permissions || 'catalog.edit,'
	WHERE code IN ('leader', 'clerk') AND builtin = 1
	AND permissions NOT LIKE '%,catalog.edit,%';
UPDATE roles SET permissions = permissions || 'clients.manage,'
	WHERE code = 'leader' AND builtin = 1
	AND permissions NOT LIKE '%,clients.manage,%';
