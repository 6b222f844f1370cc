-- 0010 portal (政府门户网站): the site group, columns (栏目), articles of
-- 主动公开 with their 索引号, attachments and history, the counters of
-- 索引号, the change log that keeps every app server's page cache in
-- step, and the articles' search tokens (standards.md §4).  Dates are
-- 'YYYY-MM-DD' text (Asia/Shanghai), times Unix seconds.

-- A site of the group: the government's main site (is_main = 1, one at
-- most, checked by src/portal/sites.c) and a sub-site per department.
-- manager_org_id: the organization that runs the site when it is not the
-- site's own (a government's site is run by its office, 办公室); NULL =
-- the site's organization.  leaders is JSON text [{"name","title","duties"}]; the contact fields
-- feed the 公开指南 (条例 第十二条) and the contact page.
CREATE TABLE portal_sites (
	id {{ID}},
	org_id BIGINT NOT NULL UNIQUE REFERENCES orgs(id),
	manager_org_id BIGINT REFERENCES orgs(id),
	is_main INTEGER NOT NULL DEFAULT 0,
	title TEXT NOT NULL DEFAULT '',
	intro TEXT NOT NULL DEFAULT '',
	leaders TEXT NOT NULL DEFAULT '[]',
	office_name TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	hours TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	fax TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'active',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);

-- A column (栏目) of a site; code is the URL segment, unique per site.
-- kind: news (新闻), notice (通知公告), policy (政策文件与解读),
-- disclosure (信息公开), general.
CREATE TABLE portal_columns (
	id {{ID}},
	site_id BIGINT NOT NULL REFERENCES portal_sites(id),
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'general',
	description TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0,
	on_home INTEGER NOT NULL DEFAULT 1,
	status TEXT NOT NULL DEFAULT 'active',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (site_id, code)
);

-- An article.  state: draft -> review -> published (or scheduled, then
-- published by the job at publish_at); review -> draft (returned);
-- published or scheduled -> withdrawn (reason kept).  index_no is given
-- when publication is decided; created_on is the 生成日期 from which the
-- 20-working-day rule counts (条例 第二十六条).  body is sanitized HTML.
CREATE TABLE articles (
	id {{ID}},
	site_id BIGINT NOT NULL REFERENCES portal_sites(id),
	column_id BIGINT NOT NULL REFERENCES portal_columns(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	title TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	body TEXT NOT NULL DEFAULT '',
	category TEXT NOT NULL,
	doc_no TEXT NOT NULL DEFAULT '',
	index_no TEXT UNIQUE,
	created_on TEXT NOT NULL,
	due_on TEXT NOT NULL,
	published_on TEXT,
	published_at BIGINT,
	publish_at BIGINT,
	validity TEXT NOT NULL DEFAULT 'valid',
	state TEXT NOT NULL DEFAULT 'draft',
	author_id BIGINT NOT NULL REFERENCES users(id),
	reviewer_id BIGINT REFERENCES users(id),
	withdraw_reason TEXT NOT NULL DEFAULT '',
	withdrawn_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX articles_public ON articles(state, published_at);
CREATE INDEX articles_column ON articles(column_id, state, published_at);
CREATE INDEX articles_site ON articles(site_id, state);
CREATE INDEX articles_category ON articles(category, state);
CREATE INDEX articles_due ON articles(state, due_on);

CREATE TABLE article_files (
	article_id BIGINT NOT NULL REFERENCES articles(id),
	position INTEGER NOT NULL,
	file_id BIGINT NOT NULL REFERENCES files(id),
	PRIMARY KEY (article_id, position)
);

-- Every step of an article, withdrawal reasons included: never updated.
CREATE TABLE article_history (
	id {{ID}},
	article_id BIGINT NOT NULL REFERENCES articles(id),
	action TEXT NOT NULL,
	state TEXT NOT NULL,
	actor_id BIGINT,
	actor_name TEXT NOT NULL DEFAULT '',
	comment TEXT NOT NULL DEFAULT '',
	at BIGINT NOT NULL
);
CREATE INDEX article_history_article ON article_history(article_id, id);

-- Serial numbers of 索引号 per issuing organization and year.
CREATE TABLE portal_counters (
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	year INTEGER NOT NULL,
	last_seq BIGINT NOT NULL,
	PRIMARY KEY (org_id, year)
);

-- What changed, as page-cache tags (src/portal/cache.c): written in the
-- transaction of the change, read by every app server to drop the
-- cached pages that showed it.  Old rows are pruned by a job.
CREATE TABLE portal_changes (
	seq {{ID}},
	tag TEXT NOT NULL,
	at BIGINT NOT NULL
);

-- Search tokens of an article (src/base/bigram.c), as doc_search for
-- documents; the dialect files index them.
CREATE TABLE article_search (
	article_id BIGINT PRIMARY KEY REFERENCES articles(id),
	tokens TEXT NOT NULL
);

-- Existing installations: the portal rights of the built-in roles.
UPDATE roles SET permissions = permissions || 'portal.edit,'
	WHERE code = 'clerk' AND builtin = 1;
UPDATE roles SET permissions = permissions || 'portal.publish,'
	WHERE code = 'leader' AND builtin = 1;
