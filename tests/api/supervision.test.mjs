// supervision.test.mjs -- electronic supervision (电子监察, standards.md
// §3.3) and 好差评 (§3.4) through the API, with time moved forward by
// restarting the server with a later --now: alerts by rule and level as
// deadlines pass (即办件 not decided on the day, 预警, 黄牌, 红牌, late
// delivery), idempotent sweeps, resolution when a case closes,
// supervision notices answered once by the department, statistics, one
// rating per closed case by its applicant only, 差评 opening a
// rectification due 5 working days later that completes only with the
// 回访 follow-up, and the pages.
//
// The first suite writes its applications straight into the database
// (the columns the applications core maintains), so that it needs
// nothing but this module; the second creates them through POST
// /api/v1/applications and handles them through the endpoints of API.md
// "Approvals" (the applications core), the whole way.
//
// 2026 calendar (share/holidays/2026.txt): no holiday in March.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
	api, errorOf, listAll, login, NEW_PASSWORD, ready, sessionCookie, startServer,
} from './lib/server.mjs';

/* Open a page with a fresh cookie session of a staff user. */
async function page(base, who, p) {
	const s = await api(base, 'POST', '/api/v1/session', {
		json: { login: who, password: NEW_PASSWORD },
	});
	return api(base, 'GET', p, { cookie: sessionCookie(s) });
}

describe('电子监察 and 好差评 over applications written with SQL', () => {
	const NOW = '2026-03-10T09:00:00+08:00';	/* Tuesday */
	const CITIZEN = '130102199003071234';
	let srv, admin, sv, clerk, other, citizen;

	async function sql(text) {
		const r = await srv.sql(text);
		assert.equal(r.code, 0, r.stderr);
		return r.stdout.trim();
	}

	/* status, received_on, accepted_on, decided_on, closed_on, warn_on,
	 * yellow_on, red_on, promised_deadline, legal_deadline, on_time,
	 * days_used, channel */
	const rows = [
		['Q1', 'accepted', '2026-03-02', '2026-03-02', null, null, '2026-03-09', '2026-03-12', '2026-03-19', '2026-03-11', '2026-03-30', null, null, 'online'],
		['Q2', 'accepted', '2026-03-02', '2026-03-02', null, null, '2026-03-01', '2026-03-10', '2026-03-17', '2026-03-09', '2026-03-30', null, null, 'online'],
		['Q3', 'accepted', '2026-02-16', '2026-02-16', null, null, '2026-02-20', '2026-03-03', '2026-03-06', '2026-03-02', '2026-03-05', null, null, 'window'],
		['Q4', 'completed', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', null, null, null, '2026-03-17', '2026-03-31', 1, 2, 'online'],
		['Q5', 'denied', '2026-03-03', '2026-03-03', '2026-03-09', '2026-03-09', null, null, null, '2026-03-17', '2026-03-31', 1, 4, 'online'],
	];

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		sv = await ready(srv.base, 'chen.jing');
		clerk = await ready(srv.base, 'liu.yang');	// 石家庄市行政审批局
		other = await ready(srv.base, 'sun.li');	// 长安区行政审批局
		await sql(`INSERT INTO users (login, name, kind, password_hash, created_at, updated_at)
		    VALUES ('${CITIZEN}', '张三', 'person', 'x', 0, 0)`);
		const pw = await srv.cli(['user', 'passwd', '--login', CITIZEN], { input: 'Zw#Pass2026\n' });
		assert.equal(pw.code, 0, pw.stderr);
		citizen = await ready(srv.base, CITIZEN);
		await sql(`INSERT INTO service_items (code, org_id, created_at, updated_at)
		    SELECT 'SQL-1', id, 0, 0 FROM orgs WHERE code = 'sjz-approval'`);
		await sql(`INSERT INTO item_versions (item_id, version, name, item_type, org_id,
		    legal_days, promised_days, handling_kind, created_at) SELECT id, 1, '食品经营许可（测试）',
		    '行政许可', org_id, 20, 10, '承诺件', 0 FROM service_items WHERE code = 'SQL-1'`);
		const q = (v) => v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`;
		for (const r of rows)
			await sql(`INSERT INTO applications (no, query_code_hash, item_id, item_version_id,
			    org_id, applicant_id, applicant_name, applicant_kind, status, handling_kind,
			    legal_days, promised_days, received_at, received_on, accepted_on, decided_on,
			    closed_on, warn_on, yellow_on, red_on, promised_deadline, legal_deadline,
			    on_time, days_used, channel, created_at, updated_at)
			    SELECT ${q(r[0])}, 'h', i.id, v.id, i.org_id, u.id, '张三', 'person', ${q(r[1])},
			    '承诺件', 20, 10, 0, ${r.slice(2).map(q).join(', ')}, 0, 0
			    FROM service_items i JOIN item_versions v ON v.item_id = i.id, users u
			    WHERE i.code = 'SQL-1' AND u.login = '${CITIZEN}'`);
	});
	after(async () => { await srv.close(); });

	it('§3.3 the sweep raises each rule once, by level; supervisors and administrators only', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: clerk.token });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'forbidden');
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: citizen.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: sv.token, json: { x: 1 } });
		assert.equal(r.status, 400);
		assert.equal(await sql('SELECT COUNT(*) FROM supervision_alerts'), '0');
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: sv.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.raised, 6);
		assert.deepEqual(r.json.by_rule, { warn: 3, overdue: 2, overdue_red: 1, instant_late: 0,
		    step_overdue: 0, delivery_overdue: 0 });
		assert.deepEqual(r.json.by_level, { 预警: 3, 黄牌: 2, 红牌: 1 });
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: admin.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.raised, 0);
		const cli = await srv.cli(['supervision', 'sweep']);
		assert.equal(cli.code, 0, cli.stderr);
		assert.match(cli.stdout, /^sweep 2026-03-10: 0 deemed accepted, 0 new alerts/);
		assert.equal(await sql("SELECT alert_level FROM applications WHERE no = 'Q3'"), '3');
		assert.equal(await sql("SELECT alert_level FROM applications WHERE no = 'Q1'"), '1');
		assert.equal(await sql("SELECT COUNT(*) FROM application_events WHERE public = 0"), '6');
	});

	it('the alert list: API.md shape, level and department filters, paging', async () => {
		let r = await api(srv.base, 'GET', `/api/v1/supervision/alerts?level=${encodeURIComponent('红牌')}`,
		    { token: sv.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.items.length, 1);
		const a = r.json.items[0];
		assert.equal(a.application_no, 'Q3');
		assert.equal(a.level, '红牌');
		assert.equal(a.rule, 'overdue_red');
		assert.equal(a.reason, '红牌：已超过法定办结期限2026-03-05');
		assert.equal(a.raised_at, NOW);
		assert.equal(a.item_name, '食品经营许可（测试）');
		assert.equal(a.org_name, '石家庄市行政审批局');
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts?level=2', { token: sv.token });
		assert.deepEqual(r.json.items.map((x) => x.application_no).sort(), ['Q2', 'Q3']);
		const all = await listAll(srv.base, '/api/v1/supervision/alerts?limit=2&open=1', { token: sv.token });
		assert.equal(all.length, 6);
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts?limit=2', { token: sv.token });
		assert.equal(r.json.items.length, 2);
		assert.notEqual(r.json.next_cursor, null);
		const orgs = await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token });
		const changan = orgs.find((o) => o.code === 'changan-approval').id;
		r = await api(srv.base, 'GET', `/api/v1/supervision/alerts?org_id=${changan}`, { token: sv.token });
		assert.equal(r.json.items.length, 0);
		for (const bad of ['level=紫牌', 'open=2', 'org_id=x', 'limit=0']) {
			r = await api(srv.base, 'GET', `/api/v1/supervision/alerts?${encodeURI(bad)}`, { token: sv.token });
			assert.equal(r.status, 400, bad);
		}
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts', { token: clerk.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts', {});
		assert.equal(r.status, 401);
	});

	it('supervision notices: issued by supervisors, answered once by the department', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: clerk.token,
		    json: { application_no: 'Q3', body: '请说明原因', due_days: 3 } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: 'Q9', body: '请说明原因', due_days: 3 } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: 'Q3', body: '请说明原因', due_days: 0 } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: 'Q3', body: '' } });
		assert.equal(r.status, 422);
		assert.equal(await sql('SELECT COUNT(*) FROM supervision_notices'), '0');
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: 'Q3', body: '该办件已超过法定期限，请说明原因', due_days: 3 } });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.due_on, '2026-03-13');
		assert.equal(r.json.status, 'open');
		assert.equal(r.json.issued_by_name, '陈静');
		const id = r.json.id;
		assert.equal(r.headers.get('location'), `/api/v1/supervision/notices/${id}`);
		assert.equal((await listAll(srv.base, '/api/v1/supervision/notices', { token: other.token })).length, 0);
		r = await api(srv.base, 'GET', `/api/v1/supervision/notices/${id}`, { token: other.token });
		assert.equal(r.status, 404);
		const open = await listAll(srv.base, '/api/v1/supervision/notices?status=open', { token: clerk.token });
		assert.deepEqual(open.map((n) => n.application_no), ['Q3']);
		r = await api(srv.base, 'GET', '/api/v1/supervision/notices?status=late', { token: clerk.token });
		assert.equal(r.status, 400);
		const path = `/api/v1/supervision/notices/${id}/answer`;
		r = await api(srv.base, 'POST', path, { token: other.token, json: { answer: '已处理' } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: {} });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { answer: '专家评审延误，已督办' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'answered');
		assert.equal(r.json.answered_by_name, '刘洋');
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { answer: '再答' } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_answered');
		assert.equal(await sql(`SELECT answer FROM supervision_notices WHERE id = ${id}`), '专家评审延误，已督办');
	});

	it('§3.4 ratings and the rectification of a 差评', async () => {
		const rate = (who, no, body) => api(srv.base, 'POST', `/api/v1/applications/${no}/rating`,
		    { token: who.token, json: body });
		let r = await rate(citizen, 'Q1', { stars: 5 });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'not_closed');
		r = await rate(clerk, 'Q4', { stars: 5 });
		assert.equal(r.status, 404);
		r = await rate(citizen, 'Q404', { stars: 5 });
		assert.equal(r.status, 404);
		r = await rate(citizen, 'Q4', { stars: 9 });
		assert.equal(r.status, 422);
		r = await rate(citizen, 'Q4', {});
		assert.equal(r.status, 422);
		r = await rate(citizen, 'Q4', { stars: 5, comment: '很方便' });
		assert.equal(r.status, 201, r.text);
		assert.deepEqual({ ...r.json, rated_at: undefined }, { application_no: 'Q4', stars: 5,
		    level: '非常满意', comment: '很方便', rated_at: undefined, bad: false, rectification_id: null });
		r = await rate(citizen, 'Q4', { stars: 1 });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_rated');
		assert.equal(await sql("SELECT stars FROM ratings r JOIN applications a ON a.id = r.app_id WHERE a.no = 'Q4'"), '5');
		r = await rate(citizen, 'Q5', { stars: 2, comment: '多跑了一次' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.bad, true);
		const rid = r.json.rectification_id;
		r = await api(srv.base, 'GET', '/api/v1/ratings/summary', {});
		assert.deepEqual(r.json, { org_id: null, count: 2, average: 3.5, bad_count: 1,
		    stars: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 1 } });

		r = await api(srv.base, 'GET', `/api/v1/rectifications/${rid}`, { token: clerk.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.due_on, '2026-03-17');
		assert.equal(r.json.status, 'open');
		assert.equal(r.json.level, '不满意');
		const path = `/api/v1/rectifications/${rid}`;
		r = await api(srv.base, 'POST', path, { token: other.token, json: { followup: 'x' } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', path, { token: sv.token, json: { followup: 'x' } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', path, { token: clerk.token,
		    json: { verification: '窗口告知不一致', measures: '统一告知清单' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'followup_required');
		assert.equal(await sql(`SELECT verification FROM rectifications WHERE id = ${rid}`), '');
		r = await api(srv.base, 'POST', path, { token: clerk.token,
		    json: { verification: '窗口告知不一致', measures: '统一告知清单', complete: false } });
		assert.equal(r.status, 200);
		assert.equal(r.json.status, 'open');
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { followup: '已回访，申请人满意' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'done');
		assert.equal(r.json.verification, '窗口告知不一致');
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { followup: '再改' } });
		assert.equal(r.status, 409);
		assert.equal((await listAll(srv.base, '/api/v1/rectifications?status=done', { token: clerk.token })).length, 1);
		r = await api(srv.base, 'GET', '/api/v1/rectifications?status=closed', { token: clerk.token });
		assert.equal(r.status, 400);
	});

	it('statistics by department and item', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/supervision/stats?from=2026-03-01&to=2026-03-31',
		    { token: sv.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.by, 'org');
		assert.equal(r.json.rows.length, 1);
		const row = r.json.rows[0];
		assert.equal(row.name, '石家庄市行政审批局');
		assert.equal(row.received, 4);		/* Q3 was received in February */
		assert.equal(row.accepted, 4);
		assert.equal(row.completed, 2);
		assert.equal(row.decided, 2);
		assert.equal(row.on_time_rate, 1);
		assert.equal(row.avg_days, 3);
		assert.equal(row.online, 4);
		assert.equal(row.online_rate, 1);
		assert.deepEqual(row.alerts, { 预警: 3, 黄牌: 2, 红牌: 1 });
		assert.equal(row.ratings, 2);
		assert.equal(row.bad_ratings, 1);
		assert.equal(row.rectifications, 1);
		assert.deepEqual(r.json.total.alerts, row.alerts);
		r = await api(srv.base, 'GET', '/api/v1/supervision/stats?from=2026-02-01&to=2026-02-28&by=item',
		    { token: sv.token });
		assert.equal(r.json.rows.length, 1);
		assert.equal(r.json.rows[0].code, 'SQL-1');
		assert.equal(r.json.rows[0].received, 1);
		assert.equal(r.json.rows[0].online_rate, 0);
		assert.equal(r.json.rows[0].ratings, 0);
		for (const bad of ['from=2026-03-31&to=2026-03-01', 'to=2026-02-30', 'by=region']) {
			r = await api(srv.base, 'GET', `/api/v1/supervision/stats?${bad}`, { token: sv.token });
			assert.equal(r.status, 400, bad);
			assert.equal(errorOf(r).code, 'invalid_period');
		}
	});

	it('the pages', async () => {
		let r = await page(srv.base, 'chen.jing', '/office/supervision');
		assert.equal(r.status, 200);
		assert.match(r.text, /立即巡查/);
		assert.match(r.text, /href="\/office\/applications\/Q3"/);
		assert.match(r.text, /专家评审延误，已督办/);
		r = await page(srv.base, 'chen.jing', '/office/supervision?level=3&open=0');
		assert.equal(r.status, 200);
		assert.match(r.text, /已超过法定办结期限2026-03-05/);
		r = await page(srv.base, 'chen.jing', '/office/supervision/stats?by=item&from=2026-03-01&to=2026-03-31');
		assert.equal(r.status, 200);
		assert.match(r.text, /食品经营许可（测试）/);
		assert.match(r.text, /<svg class="bars"/);
		r = await page(srv.base, 'chen.jing', '/office/supervision/stats?from=bad');
		assert.equal(r.status, 422);
		assert.match(r.text, /起始日期应为/);
		r = await page(srv.base, 'liu.yang', '/office/supervision');
		assert.equal(r.status, 403);
		r = await page(srv.base, 'liu.yang', '/office/supervision/notices?status=answered');
		assert.equal(r.status, 200);
		assert.match(r.text, /专家评审延误，已督办/);
		r = await page(srv.base, 'liu.yang', '/office/rectifications?status=done');
		assert.equal(r.status, 200);
		assert.match(r.text, /已回访，申请人满意/);
		r = await page(srv.base, 'liu.yang', '/office/');
		assert.match(r.text, /href="\/office\/rectifications"/);
		assert.doesNotMatch(r.text, /href="\/office\/supervision"/);
	});
});

const T0 = '2026-03-02T09:00:00+08:00';	/* Monday: applications made and handled */
const T1 = '2026-03-03T09:00:00+08:00';	/* 即办件 B not decided yesterday */
const T2 = '2026-03-16T09:00:00+08:00';	/* A: 10th working day, 预警 */
const T3 = '2026-03-17T09:00:00+08:00';	/* A late (黄牌); C not delivered in 10 days */
const T4 = '2026-03-25T09:00:00+08:00';	/* A late by 6 working days (红牌) */

/* A valid GB 11643 number from its first 17 digits. */
function idNumber(base17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 17; i++)
		s += Number(base17[i]) * w[i];
	return base17 + '10X98765432'[s % 11];
}

describe('电子监察 and 好差评 through the applications core (API.md "Approvals")', () => {
	let srv, admin, sv, clerk, leader, other, citizen, stranger;
	const ids = {};
	const no = {};	/* A: 承诺件 open; B: 即办件 open; C: approved; D: denied; E: rejected */
	const pw = {};	/* current password of each public account */

	async function account(name, base17) {
		const idn = idNumber(base17);
		const password = 'Zw#Citizen-2026';
		const r = await api(srv.base, 'POST', '/api/v1/accounts', {
			json: { kind: 'person', name, id_number: idn, phone: '13800138000', password },
		});
		assert.equal(r.status, 201, r.text);
		let s = await login(srv.base, idn, password);
		pw[idn] = password;
		if (s.must_change_password) {
			const c = await api(srv.base, 'POST', '/api/v1/me/password', {
				token: s.token, json: { old_password: password, new_password: NEW_PASSWORD },
			});
			assert.equal(c.status, 200, c.text);
			pw[idn] = NEW_PASSWORD;
			s = await login(srv.base, idn, NEW_PASSWORD);
		}
		return { ...s, login: idn };
	}

	/* After a restart with a later clock the sessions have expired. */
	async function relogin() {
		admin = await login(srv.base, 'admin', NEW_PASSWORD);
		sv = await login(srv.base, 'chen.jing', NEW_PASSWORD);
		clerk = await login(srv.base, 'liu.yang', NEW_PASSWORD);
		leader = await login(srv.base, 'wang.fang', NEW_PASSWORD);
		other = await login(srv.base, 'sun.li', NEW_PASSWORD);
		citizen = { ...(await login(srv.base, citizen.login, pw[citizen.login])), login: citizen.login };
	}

	async function moveTo(now) {
		await srv.restart({ now });
		srv.now = now;
		await relogin();
	}

	async function sweep(who = sv) {
		const r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: who.token });
		assert.equal(r.status, 200, r.text);
		return r.json;
	}

	/* Open alerts of one application as "rule:level" sorted. */
	async function alertsOf(appNo, open = true) {
		const items = await listAll(srv.base, `/api/v1/supervision/alerts?limit=500${open ? '&open=1' : ''}`,
		    { token: sv.token });
		return items.filter((a) => a.application_no === appNo)
		    .map((a) => `${a.rule}:${a.level}`).sort();
	}

	async function submit(itemCode) {
		const r = await api(srv.base, 'POST', '/api/v1/applications', {
			token: citizen.token, json: { item_code: itemCode, form: {}, materials: [] },
		});
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.no, /^\S+$/);
		return r.json.no;
	}

	async function act(who, appNo, action, body = {}) {
		const r = await api(srv.base, 'POST', `/api/v1/applications/${encodeURIComponent(appNo)}/${action}`, {
			token: who.token, json: body,
		});
		assert.equal(r.status, 200, `${action} ${appNo}: ${r.text}`);
		return r.json;
	}

	before(async () => {
		srv = await startServer({ now: T0 });
		admin = await ready(srv.base, 'admin');
		sv = await ready(srv.base, 'chen.jing');	// 监察人员, 石家庄市数据和政务服务局
		clerk = await ready(srv.base, 'liu.yang');	// clerk, 石家庄市行政审批局
		leader = await ready(srv.base, 'wang.fang');	// leader, 石家庄市行政审批局
		other = await ready(srv.base, 'sun.li');	// clerk, 长安区行政审批局
		for (const o of await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token }))
			ids[o.code] = o.id;
		for (const [code, name, days] of [['SV-PROMISED', '监察测试承诺件', 10], ['SV-INSTANT', '监察测试即办件', 0]]) {
			const r = await api(srv.base, 'POST', '/api/v1/items', {
				token: admin.token,
				json: { code, name, item_type: '行政许可', org_id: ids['sjz-approval'],
				    legal_days: 20, promised_days: days, materials: [], fields: [], online: true,
				    legal_basis: [{ law: '中华人民共和国行政许可法', article: '第十二条', text: '测试依据' }] },
			});
			assert.equal(r.status, 201, r.text);
		}
		citizen = await account('张三', '13010219900307123');
		stranger = await account('李四', '13010219880512002');
	});
	after(async () => { await srv.close(); });

	it('applications in every state (T0)', async () => {
		no.A = await submit('SV-PROMISED');
		no.B = await submit('SV-INSTANT');
		no.C = await submit('SV-PROMISED');
		no.D = await submit('SV-PROMISED');
		no.E = await submit('SV-PROMISED');
		for (const k of ['A', 'B', 'C', 'D'])
			await act(clerk, no[k], 'accept');
		await act(clerk, no.E, 'reject', { reason: '申请事项不属于本机关职权范围' });
		await act(leader, no.C, 'decide', { approved: true, reason: '' });
		await act(leader, no.D, 'decide', { approved: false, reason: '经营场所不符合卫生要求' });
		const a = await api(srv.base, 'GET', `/api/v1/applications/${no.A}`, { token: clerk.token });
		assert.equal(a.status, 200, a.text);
		assert.equal(a.json.status, 'accepted');
		assert.equal(a.json.promised_deadline, '2026-03-16');	/* 10 working days */
	});

	it('the sweep: supervisors and administrators only; nothing is due yet', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: clerk.token });
		assert.equal(r.status, 403);
		errorOf(r);
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: citizen.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', {});
		assert.equal(r.status, 401);
		const n = await sweep(admin);
		assert.equal(n.raised, 0);
		assert.deepEqual(n.by_level, { 预警: 0, 黄牌: 0, 红牌: 0 });
		assert.equal((await sweep()).raised, 0);
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts', { token: clerk.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts?level=紫牌', { token: sv.token });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'invalid_level');
	});

	it('§3.4 ratings: the applicant only, closed cases only, once; 差评 opens a rectification', async () => {
		const rate = (who, appNo, body) => api(srv.base, 'POST',
		    `/api/v1/applications/${encodeURIComponent(appNo)}/rating`, { token: who.token, json: body });
		let r = await rate(citizen, no.A, { stars: 5 });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'not_closed');
		r = await rate(citizen, no.C, { stars: 5 });	/* approved, not yet delivered */
		assert.equal(r.status, 409);
		r = await rate(stranger, no.D, { stars: 5 });
		assert.equal(r.status, 404);
		r = await rate(clerk, no.D, { stars: 5 });
		assert.equal(r.status, 404);
		r = await rate(citizen, no.D, { stars: 6 });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'stars');
		r = await rate(citizen, no.D, { stars: 0 });
		assert.equal(r.status, 422);
		r = await rate(citizen, no.D, { stars: 2, comment: 'x'.repeat(501) });
		assert.equal(r.status, 422);
		r = await rate(citizen, no.D, { stars: 2, colour: 'red' });
		assert.equal(r.status, 400);
		let s = await api(srv.base, 'GET', '/api/v1/ratings/summary', {});
		assert.equal(s.status, 200);
		assert.equal(s.json.count, 0);

		r = await rate(citizen, no.D, { stars: 1, comment: '不予许可的理由没有讲清楚' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.stars, 1);
		assert.equal(r.json.level, '非常不满意');
		assert.equal(r.json.bad, true);
		assert.ok(Number.isInteger(r.json.rectification_id));
		r = await rate(citizen, no.D, { stars: 5 });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_rated');
		r = await rate(citizen, no.E, { stars: 4, comment: '告知清楚' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.bad, false);
		assert.equal(r.json.rectification_id, null);

		s = await api(srv.base, 'GET', `/api/v1/ratings/summary?org_id=${ids['sjz-approval']}`, {});
		assert.equal(s.status, 200);
		assert.deepEqual(s.json, { org_id: ids['sjz-approval'], count: 2, average: 2.5, bad_count: 1,
		    stars: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 0 } });
		s = await api(srv.base, 'GET', `/api/v1/ratings/summary?org_id=${ids['changan-approval']}`, {});
		assert.equal(s.json.count, 0);
		assert.equal(s.json.average, null);
	});

	it('差评 rectification: 核实 → 整改 → 回访, by the department only', async () => {
		let list = await listAll(srv.base, '/api/v1/rectifications?status=open', { token: clerk.token });
		assert.equal(list.length, 1);
		const rc = list[0];
		assert.equal(rc.application_no, no.D);
		assert.equal(rc.due_on, '2026-03-09');	/* 5 working days after Monday 03-02 */
		assert.equal(rc.stars, 1);
		assert.equal(rc.overdue, false);
		assert.equal((await listAll(srv.base, '/api/v1/rectifications', { token: other.token })).length, 0);
		assert.equal((await listAll(srv.base, '/api/v1/rectifications', { token: sv.token })).length, 1);
		let r = await api(srv.base, 'GET', `/api/v1/rectifications/${rc.id}`, { token: other.token });
		assert.equal(r.status, 404);

		const path = `/api/v1/rectifications/${rc.id}`;
		const full = { verification: '经核实，决定书未写明不予许可的具体条款', measures: '修订决定书模板，逐条列明依据',
			followup: '已电话回访申请人，申请人表示理解' };
		r = await api(srv.base, 'POST', path, { token: other.token, json: full });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', path, { token: sv.token, json: full });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { ...full, followup: undefined } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'followup_required');
		assert.equal(errorOf(r).field, 'followup');
		r = await api(srv.base, 'GET', path, { token: clerk.token });
		assert.equal(r.json.status, 'open');
		assert.equal(r.json.verification, '');	/* the refused request changed nothing */
		r = await api(srv.base, 'POST', path, { token: clerk.token,
		    json: { verification: full.verification, complete: false } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'open');
		assert.equal(r.json.verification, full.verification);
		r = await api(srv.base, 'POST', path, { token: clerk.token,
		    json: { measures: full.measures, followup: full.followup } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'done');
		assert.equal(r.json.followup, full.followup);
		assert.equal(r.json.done_by_name, '刘洋');
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: full });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_done');
	});

	it('即办件 not decided on the day: 黄牌 and 红牌 the next day (T1)', async () => {
		await moveTo(T1);
		/* The scheduled sweep job, overdue after the clock jump, may have
		 * raised them at start-up already: check the state, not the counts. */
		await sweep();
		assert.deepEqual(await alertsOf(no.B), ['instant_late:红牌', 'overdue:黄牌']);
		assert.deepEqual(await alertsOf(no.A), []);
		const red = await listAll(srv.base, `/api/v1/supervision/alerts?level=${encodeURIComponent('红牌')}`,
		    { token: sv.token });
		assert.equal(red.length, 1);
		assert.equal(red[0].application_no, no.B);
		assert.match(red[0].reason, /即办件/);
		assert.match(red[0].raised_at, /^2026-03-03T09:00:\d\d\+08:00$/);
		assert.equal((await sweep()).raised, 0);	/* idempotent */
		const app = await api(srv.base, 'GET', `/api/v1/applications/${no.B}`, { token: sv.token });
		assert.equal(app.status, 200, app.text);
	});

	it('预警 on the last promised day (T2), 黄牌 and late delivery the day after (T3)', async () => {
		await moveTo(T2);
		let n = await sweep();
		assert.deepEqual(await alertsOf(no.A), ['warn:预警']);
		await moveTo(T3);
		n = await sweep();
		assert.deepEqual(await alertsOf(no.A), ['overdue:黄牌', 'warn:预警']);
		assert.deepEqual(await alertsOf(no.C), ['delivery_overdue:黄牌']);
		assert.equal((await sweep()).raised, 0);
	});

	it('红牌 past red_days (T4); a supervision notice answered once by the department', async () => {
		await moveTo(T4);
		const n = await sweep();
		assert.deepEqual(await alertsOf(no.A), ['overdue:黄牌', 'overdue_red:红牌', 'warn:预警']);
		const sum = await api(srv.base, 'GET', '/api/v1/supervision/summary', { token: sv.token });
		assert.equal(sum.status, 200);
		assert.deepEqual(sum.json.open, { 预警: 1, 黄牌: 3, 红牌: 2 });

		let r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: clerk.token,
		    json: { application_no: no.A, body: '请说明超期原因', due_days: 3 } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: no.A, body: '请说明超期原因', due_days: 31 } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: 'SP-NONE', body: '请说明超期原因', due_days: 3 } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', '/api/v1/supervision/notices', { token: sv.token,
		    json: { application_no: no.A, body: '该办件超过承诺期限已逾5个工作日，请说明原因并限期办结', due_days: 3 } });
		assert.equal(r.status, 201, r.text);
		const notice = r.json;
		assert.equal(notice.due_on, '2026-03-30');	/* Wednesday + 3 working days */
		assert.equal(notice.status, 'open');
		assert.equal(notice.org_id, ids['sjz-approval']);

		assert.equal((await listAll(srv.base, '/api/v1/supervision/notices?status=open', { token: other.token })).length, 0);
		const mine = await listAll(srv.base, '/api/v1/supervision/notices?status=open', { token: clerk.token });
		assert.deepEqual(mine.map((x) => x.id), [notice.id]);
		const path = `/api/v1/supervision/notices/${notice.id}/answer`;
		r = await api(srv.base, 'POST', path, { token: other.token, json: { answer: '已办结' } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { answer: '' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', path, { token: clerk.token,
		    json: { answer: '因现场核查延误，已于3月25日作出决定' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'answered');
		r = await api(srv.base, 'POST', path, { token: clerk.token, json: { answer: '再次答复' } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_answered');
		const answered = await listAll(srv.base, '/api/v1/supervision/notices?status=answered', { token: sv.token });
		assert.equal(answered.length, 1);
		assert.equal(answered[0].answer, '因现场核查延误，已于3月25日作出决定');
	});

	it('closing a case resolves its alerts', async () => {
		await act(leader, no.A, 'decide', { approved: false, reason: '现场核查不合格' });
		assert.deepEqual(await alertsOf(no.A), []);
		assert.deepEqual(await alertsOf(no.A, false), ['overdue:黄牌', 'overdue_red:红牌', 'warn:预警']);
		assert.equal((await sweep()).raised, 0);
	});

	it('statistics per department and per item', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/supervision/stats?from=2026-03-01&to=2026-03-31&by=org',
		    { token: sv.token });
		assert.equal(r.status, 200, r.text);
		const row = r.json.rows.find((x) => x.org_id === ids['sjz-approval']);
		assert.ok(row, JSON.stringify(r.json));
		assert.equal(row.received, 5);
		assert.equal(row.accepted, 4);
		assert.equal(row.completed, 2);		/* D and A denied; C approved, not delivered */
		assert.equal(row.online, 5);
		assert.equal(row.online_rate, 1);
		assert.equal(row.decided, 3);		/* C, D on time; A late */
		assert.equal(row.on_time, 2);
		assert.equal(row.on_time_rate, 0.6667);
		assert.deepEqual(row.alerts, { 预警: 1, 黄牌: 3, 红牌: 2 });
		assert.equal(row.ratings, 2);
		assert.equal(row.bad_ratings, 1);
		assert.equal(row.rectifications, 1);
		assert.equal(row.rectifications_overdue, 0);
		r = await api(srv.base, 'GET', '/api/v1/supervision/stats?from=2026-03-01&to=2026-03-31&by=item',
		    { token: sv.token });
		assert.equal(r.status, 200);
		const instant = r.json.rows.find((x) => x.code === 'SV-INSTANT');
		assert.equal(instant.received, 1);
		assert.deepEqual(instant.alerts, { 预警: 0, 黄牌: 1, 红牌: 1 });
		for (const q of ['from=2026-04-01&to=2026-03-01', 'from=2026-02-30', 'by=region']) {
			r = await api(srv.base, 'GET', `/api/v1/supervision/stats?${q}`, { token: sv.token });
			assert.equal(r.status, 400, q);
			assert.equal(errorOf(r).code, 'invalid_period');
		}
		r = await api(srv.base, 'GET', '/api/v1/supervision/stats', { token: clerk.token });
		assert.equal(r.status, 403);
	});

	it('pages: the dashboard, statistics, notices and rectifications', async () => {
		let r = await page(srv.base, 'chen.jing', '/office/supervision');
		assert.equal(r.status, 200);
		assert.match(r.text, /立即巡查/);
		assert.ok(r.text.includes(`/office/applications/${no.B}`));
		r = await page(srv.base, 'chen.jing', '/office/supervision/stats?by=item');
		assert.equal(r.status, 200);
		assert.match(r.text, /监察测试即办件/);
		assert.match(r.text, /<svg class="bars"/);
		r = await page(srv.base, 'liu.yang', '/office/supervision');
		assert.equal(r.status, 403);
		r = await page(srv.base, 'liu.yang', '/office/supervision/notices?status=answered');
		assert.equal(r.status, 200);
		assert.match(r.text, /因现场核查延误/);
		r = await page(srv.base, 'liu.yang', '/office/rectifications?status=done');
		assert.equal(r.status, 200);
		assert.match(r.text, /已电话回访申请人/);
	});
});
