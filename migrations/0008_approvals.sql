-- 0008 online approval (网上审批): service items and their versions,
-- public accounts, applications with their clock, steps, notices and
-- timeline, in-app messages, consultations, electronic supervision and
-- ratings (standards.md §3).  Dates are 'YYYY-MM-DD' text (Asia/Shanghai),
-- times are Unix seconds.

-- A service item (政务服务事项).  The row holds what identifies it; every
-- change of content is a new item_versions row (applications keep the
-- version they started with).
CREATE TABLE service_items (
	id {{ID}},
	code TEXT NOT NULL UNIQUE,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	current_version INTEGER NOT NULL DEFAULT 1,
	status TEXT NOT NULL DEFAULT 'published',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX service_items_org ON service_items(org_id);

-- The structured parts (legal_basis, materials, fees, fields, forms,
-- co_orgs, topics, windows) are JSON text validated by src/approvals.
CREATE TABLE item_versions (
	id {{ID}},
	item_id BIGINT NOT NULL REFERENCES service_items(id),
	version INTEGER NOT NULL,
	name TEXT NOT NULL,
	item_type TEXT NOT NULL,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	legal_days INTEGER NOT NULL,
	promised_days INTEGER NOT NULL,
	handling_kind TEXT NOT NULL,
	joint INTEGER NOT NULL DEFAULT 0,
	co_orgs TEXT NOT NULL DEFAULT '[]',
	conditions TEXT NOT NULL DEFAULT '',
	legal_basis TEXT NOT NULL DEFAULT '[]',
	materials TEXT NOT NULL DEFAULT '[]',
	fees TEXT NOT NULL DEFAULT '[]',
	fields TEXT NOT NULL DEFAULT '[]',
	forms TEXT NOT NULL DEFAULT '[]',
	online INTEGER NOT NULL DEFAULT 1,
	online_depth TEXT NOT NULL DEFAULT '',
	visits INTEGER NOT NULL DEFAULT 0,
	windows TEXT NOT NULL DEFAULT '',
	hours TEXT NOT NULL DEFAULT '',
	topics TEXT NOT NULL DEFAULT '[]',
	audience TEXT NOT NULL DEFAULT 'both',
	created_by BIGINT REFERENCES users(id),
	created_at BIGINT NOT NULL,
	UNIQUE (item_id, version)
);

-- Public accounts: the users row (kind person/enterprise, login = ID
-- number or USCC) plus what registration recorded.
CREATE TABLE public_accounts (
	user_id BIGINT PRIMARY KEY REFERENCES users(id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	id_number TEXT,
	uscc TEXT,
	agent_name TEXT NOT NULL DEFAULT '',
	agent_id_number TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	registry_checked INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);

-- 网上咨询: questions on an item, answered by its department.
CREATE TABLE consultations (
	id {{ID}},
	item_id BIGINT NOT NULL REFERENCES service_items(id),
	asker_id BIGINT REFERENCES users(id),
	question TEXT NOT NULL,
	answer TEXT NOT NULL DEFAULT '',
	answered_by BIGINT REFERENCES users(id),
	answered_at BIGINT,
	published INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE INDEX consultations_item ON consultations(item_id, published);

-- An application (办件).  The clock: accepted_on is the 受理 date; the
-- deadlines are recomputed at every state change (src/approvals/clock.c);
-- warn_on/yellow_on/red_on are the dates from which the supervision
-- sweep raises each level, so the sweep is a few indexed statements.
CREATE TABLE applications (
	id {{ID}},
	no TEXT NOT NULL UNIQUE,
	query_code_hash TEXT NOT NULL,
	item_id BIGINT NOT NULL REFERENCES service_items(id),
	item_version_id BIGINT NOT NULL REFERENCES item_versions(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	applicant_id BIGINT NOT NULL REFERENCES users(id),
	applicant_name TEXT NOT NULL,
	applicant_kind TEXT NOT NULL,
	form TEXT NOT NULL DEFAULT '{}',
	fee_total TEXT NOT NULL DEFAULT '0',
	channel TEXT NOT NULL DEFAULT 'online',
	status TEXT NOT NULL,
	handling_kind TEXT NOT NULL,
	joint INTEGER NOT NULL DEFAULT 0,
	legal_days INTEGER NOT NULL,
	promised_days INTEGER NOT NULL,
	received_at BIGINT NOT NULL,
	received_on TEXT NOT NULL,
	intake_deadline TEXT,
	correction_at BIGINT,
	correction_items TEXT NOT NULL DEFAULT '[]',
	corrections INTEGER NOT NULL DEFAULT 0,
	corrected_on TEXT,
	accepted_at BIGINT,
	accepted_on TEXT,
	deemed_accepted INTEGER NOT NULL DEFAULT 0,
	suspended_days INTEGER NOT NULL DEFAULT 0,
	suspended_since TEXT,
	suspend_kind TEXT NOT NULL DEFAULT '',
	extended_days INTEGER NOT NULL DEFAULT 0,
	extension_reason TEXT NOT NULL DEFAULT '',
	extension_by BIGINT REFERENCES users(id),
	promised_deadline TEXT,
	legal_deadline TEXT,
	warn_on TEXT,
	yellow_on TEXT,
	red_on TEXT,
	decided_at BIGINT,
	decided_on TEXT,
	decision TEXT NOT NULL DEFAULT '',
	decision_reason TEXT NOT NULL DEFAULT '',
	decided_by BIGINT REFERENCES users(id),
	delivery_deadline TEXT,
	delivered_at BIGINT,
	result_no TEXT UNIQUE,
	closed_at BIGINT,
	closed_on TEXT,
	on_time INTEGER,
	days_used INTEGER,
	alert_level INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX applications_org ON applications(org_id, status);
CREATE INDEX applications_applicant ON applications(applicant_id);
CREATE INDEX applications_item ON applications(item_id);
CREATE INDEX applications_warn ON applications(warn_on);
CREATE INDEX applications_yellow ON applications(yellow_on);
CREATE INDEX applications_red ON applications(red_on);
CREATE INDEX applications_intake ON applications(intake_deadline);

CREATE TABLE application_materials (
	app_id BIGINT NOT NULL REFERENCES applications(id),
	position INTEGER NOT NULL,
	material TEXT NOT NULL,
	file_id BIGINT REFERENCES files(id),
	source TEXT NOT NULL DEFAULT 'applicant',
	added_at BIGINT NOT NULL,
	PRIMARY KEY (app_id, position)
);

-- Review steps (审查, assignable, own deadline) and, for joint approval,
-- one step per co-department (联合审批) with its sub-deadline.
CREATE TABLE application_steps (
	id {{ID}},
	app_id BIGINT NOT NULL REFERENCES applications(id),
	kind TEXT NOT NULL,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	title TEXT NOT NULL,
	assignee_id BIGINT REFERENCES users(id),
	days INTEGER NOT NULL,
	deadline TEXT,
	status TEXT NOT NULL DEFAULT 'open',
	opinion TEXT NOT NULL DEFAULT '',
	agreed INTEGER,
	done_by BIGINT REFERENCES users(id),
	done_at BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX application_steps_app ON application_steps(app_id);
CREATE INDEX application_steps_org ON application_steps(org_id, status);

-- 特别程序 periods (第四十五条): excluded from the clock.
CREATE TABLE application_suspensions (
	id {{ID}},
	app_id BIGINT NOT NULL REFERENCES applications(id),
	kind TEXT NOT NULL,
	reason TEXT NOT NULL,
	from_on TEXT NOT NULL,
	to_on TEXT,
	days INTEGER NOT NULL DEFAULT 0,
	created_by BIGINT REFERENCES users(id)
);
CREATE INDEX application_suspensions_app ON application_suspensions(app_id);

-- Written notices (受理通知书, 不予受理通知书, 补正告知书, 决定书, 许可证),
-- sealed with the organization's SM2 key like a document.
CREATE TABLE application_notices (
	id {{ID}},
	app_id BIGINT NOT NULL REFERENCES applications(id),
	kind TEXT NOT NULL,
	no TEXT NOT NULL UNIQUE,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	body TEXT NOT NULL,
	signed_data TEXT NOT NULL,
	signature {{BLOB}} NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX application_notices_app ON application_notices(app_id);

-- The timeline: every event of a case, who, when, what.
CREATE TABLE application_events (
	id {{ID}},
	app_id BIGINT NOT NULL REFERENCES applications(id),
	at BIGINT NOT NULL,
	actor_id BIGINT REFERENCES users(id),
	actor_name TEXT NOT NULL DEFAULT '',
	org_name TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	detail TEXT NOT NULL DEFAULT '',
	public INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX application_events_app ON application_events(app_id);

-- In-app messages to a user (the applicant is told of every change);
-- the email/SMS gateway hook is fed from the same rows.
CREATE TABLE messages (
	id {{ID}},
	user_id BIGINT NOT NULL REFERENCES users(id),
	app_id BIGINT REFERENCES applications(id),
	title TEXT NOT NULL,
	body TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	read_at BIGINT
);
CREATE INDEX messages_user ON messages(user_id, id);

-- Electronic supervision (电子监察, standards.md §3.3): level 1 预警,
-- 2 黄牌, 3 红牌; one alert per case and rule.
CREATE TABLE supervision_alerts (
	id {{ID}},
	app_id BIGINT NOT NULL REFERENCES applications(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	level INTEGER NOT NULL,
	rule TEXT NOT NULL,
	reason TEXT NOT NULL,
	raised_at BIGINT NOT NULL,
	resolved_at BIGINT,
	UNIQUE (app_id, rule)
);
CREATE INDEX supervision_alerts_level ON supervision_alerts(level, raised_at);
CREATE INDEX supervision_alerts_org ON supervision_alerts(org_id);

-- 监察通知书 the department must answer.
CREATE TABLE supervision_notices (
	id {{ID}},
	app_id BIGINT NOT NULL REFERENCES applications(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	alert_id BIGINT REFERENCES supervision_alerts(id),
	body TEXT NOT NULL,
	issued_by BIGINT NOT NULL REFERENCES users(id),
	issued_at BIGINT NOT NULL,
	due_on TEXT NOT NULL,
	answer TEXT NOT NULL DEFAULT '',
	answered_by BIGINT REFERENCES users(id),
	answered_at BIGINT
);
CREATE INDEX supervision_notices_org ON supervision_notices(org_id);

-- 好差评 (国办发〔2019〕51号): one rating per application (一事一评);
-- 1-2 stars are 差评 and open a rectification (核实 → 整改 → 反馈).
CREATE TABLE ratings (
	app_id BIGINT PRIMARY KEY REFERENCES applications(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	stars INTEGER NOT NULL,
	comment TEXT NOT NULL DEFAULT '',
	rater_id BIGINT NOT NULL REFERENCES users(id),
	rated_at BIGINT NOT NULL
);
CREATE INDEX ratings_org ON ratings(org_id);

CREATE TABLE rectifications (
	id {{ID}},
	app_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	due_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open',
	verification TEXT NOT NULL DEFAULT '',
	measures TEXT NOT NULL DEFAULT '',
	followup TEXT NOT NULL DEFAULT '',
	done_by BIGINT REFERENCES users(id),
	done_at BIGINT,
	created_at BIGINT NOT NULL
);
CREATE INDEX rectifications_org ON rectifications(org_id, status);

-- Existing installations: the approval rights of the built-in roles.
UPDATE roles SET permissions = permissions ||
	'items.manage,approvals.read,approvals.handle,approvals.decide,approvals.extend,'
	WHERE code = 'leader' AND builtin = 1;
UPDATE roles SET permissions = permissions ||
	'approvals.read,approvals.handle,'
	WHERE code = 'clerk' AND builtin = 1;
UPDATE roles SET permissions = permissions ||
	'approvals.read,supervision.read,supervision.manage,'
	WHERE code = 'supervisor' AND builtin = 1;
UPDATE roles SET permissions = permissions || 'items.manage,'
	WHERE code = 'sysadmin' AND builtin = 1;
