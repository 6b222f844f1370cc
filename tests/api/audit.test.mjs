// audit.test.mjs -- the audit log (等保 2.0 GB/T 22239-2019 §8.1.4.3
// 安全审计): what is recorded, who may read it (三员分立), filters,
// paging, CSV export, and the SM3 hash chain checked by
// `zhengwu audit verify` (DESIGN.md principle 3).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, api, login, ready, errorOf, listAll } from './lib/server.mjs';

const T1 = '2026-03-02T09:00:00+08:00';
const T2 = '2026-03-05T10:00:00+08:00';
const RFC3339_CN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('audit log', () => {
	let srv, admin, auditor, org1, org2, user1;
	const aud = () => ({ token: auditor.token });
	const events = (q = '') => listAll(srv.base, '/api/v1/audit' + q, aud());

	before(async () => {
		srv = await startServer({ now: T1 });
		admin = await ready(srv.base, 'admin');
		const parent = (await api(srv.base, 'GET', '/api/v1/orgs?q=sjz-data', { token: admin.token })).json.items[0];
		let r = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: admin.token,
			json: { code: 'audit-t1', name: '审计测试一', region_code: '130100', parent_id: parent.id },
		});
		assert.equal(r.status, 201);
		org1 = r.json;
		r = await api(srv.base, 'POST', '/api/v1/users', {
			token: admin.token,
			json: { login: 'audit.user', name: '审计用户', org_id: org1.id, roles: ['clerk'] },
		});
		assert.equal(r.status, 201);
		user1 = r.json;
		/* two failed logins: an unknown login and a wrong password */
		assert.equal((await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'nobody.here', password: 'Xx#12345678' } })).status, 401);
		assert.equal((await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'zhang.wei', password: 'Xx#12345678' } })).status, 401);
		auditor = await ready(srv.base, 'auditor');
	});
	after(async () => { await srv?.close(); });

	it('the audit administrator sees org.create and user.create with actor, object, result, time and request id', async () => {
		const all = await events();
		const oc = all.find((e) => e.action === 'org.create' && e.object_id === String(org1.id));
		assert.ok(oc, 'org.create recorded');
		assert.equal(oc.actor_login, 'admin');
		assert.equal(oc.actor_id, admin.user.id);
		assert.equal(oc.object_type, 'org');
		assert.equal(oc.result, 'success');
		assert.equal(oc.ip, '127.0.0.1');
		assert.match(oc.at, RFC3339_CN);
		assert.equal(oc.at, '2026-03-02T09:00:00+08:00', 'time of the (fixed) clock');
		assert.match(oc.request_id, /^[0-9a-f]{16}$/);
		assert.equal(oc.details.code, 'audit-t1');
		assert.equal(oc.details.name, '审计测试一');
		const uc = all.find((e) => e.action === 'user.create' && e.object_id === String(user1.id));
		assert.ok(uc, 'user.create recorded');
		assert.equal(uc.actor_login, 'admin');
		assert.equal(uc.details.login, 'audit.user');
		assert.deepEqual(uc.details.roles, ['clerk']);
		assert.ok(!JSON.stringify(uc).includes(user1.initial_password), 'no password in the log');
		/* sequence numbers are unique and the newest comes first */
		const seqs = all.map((e) => e.seq);
		assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
		assert.equal(new Set(seqs).size, seqs.length);
	});

	it('login success and failure are recorded with the client IP (unknown login and wrong password alike)', async () => {
		const all = await events('?action=session.login');
		const ok = all.find((e) => e.actor_login === 'admin' && e.result === 'success');
		assert.ok(ok);
		assert.equal(ok.ip, '127.0.0.1');
		const unknown = all.find((e) => e.actor_login === 'nobody.here');
		assert.ok(unknown, 'failure for an unknown login');
		assert.equal(unknown.result, 'failure');
		assert.equal(unknown.ip, '127.0.0.1');
		assert.equal(unknown.details.reason, 'unknown_login');
		const bad = all.find((e) => e.actor_login === 'zhang.wei' && e.result === 'failure');
		assert.ok(bad, 'failure for a wrong password');
		assert.equal(bad.details.reason, 'bad_password');
		assert.ok(!JSON.stringify(all).includes('Xx#12345678'), 'tried passwords are never logged');
	});

	it('filter actor= matches the login exactly', async () => {
		const all = await events('?actor=admin');
		assert.ok(all.length >= 3);
		for (const e of all)
			assert.equal(e.actor_login, 'admin');
		assert.equal((await events('?actor=adm')).length, 0);
	});

	it('filter action= is a prefix match (action=org. → org.*; action=session → session.*)', async () => {
		const orgEv = await events('?action=org.');
		assert.ok(orgEv.length >= 1);
		for (const e of orgEv)
			assert.match(e.action, /^org\./);
		const sess = await events('?action=session');
		const kinds = new Set(sess.map((e) => e.action));
		assert.ok(kinds.has('session.login'));
		for (const e of sess)
			assert.match(e.action, /^session\./);
		assert.equal((await events('?action=nothing.like.this')).length, 0);
	});

	it('filter result=success|failure; any other value → 400', async () => {
		const f = await events('?result=failure');
		assert.ok(f.length >= 2);
		for (const e of f)
			assert.equal(e.result, 'failure');
		const s = await events('?result=success');
		for (const e of s)
			assert.equal(e.result, 'success');
		const all = await events();
		assert.equal(f.length + s.length, all.length);
		const r = await api(srv.base, 'GET', '/api/v1/audit?result=maybe', aud());
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).field, 'result');
	});

	it('filters combine (actor + action + result)', async () => {
		const r = await events('?actor=zhang.wei&action=session.login&result=failure');
		assert.equal(r.length, 1);
		assert.equal(r[0].details.reason, 'bad_password');
	});

	it('paging: limit + next_cursor walk the log newest first without overlap; the walk equals one big page', async () => {
		const big = await api(srv.base, 'GET', '/api/v1/audit?limit=500', aud());
		assert.equal(big.json.next_cursor, null);
		const p1 = await api(srv.base, 'GET', '/api/v1/audit?limit=2', aud());
		assert.equal(p1.json.items.length, 2);
		assert.equal(typeof p1.json.next_cursor, 'string');
		const p2 = await api(srv.base, 'GET', `/api/v1/audit?limit=2&cursor=${p1.json.next_cursor}`, aud());
		assert.equal(p2.json.items.length, 2);
		assert.ok(p2.json.items[0].seq < p1.json.items[1].seq);
		const walked = await listAll(srv.base, '/api/v1/audit?limit=3', aud());
		assert.deepEqual(walked.map((e) => e.seq), big.json.items.map((e) => e.seq));
		const bad = await api(srv.base, 'GET', '/api/v1/audit?limit=0', aud());
		assert.equal(bad.status, 400);
	});

	it('三员分立: the system and security administrators and ordinary staff get 403 on /api/v1/audit', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/audit', { token: admin.token });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'forbidden');
		const sec = await ready(srv.base, 'secadmin');
		r = await api(srv.base, 'GET', '/api/v1/audit', { token: sec.token });
		assert.equal(r.status, 403);
		const sup = await ready(srv.base, 'chen.jing');
		r = await api(srv.base, 'GET', '/api/v1/audit?format=csv', { token: sup.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'GET', '/api/v1/audit');
		assert.equal(r.status, 401);
		/* and the page */
		r = await api(srv.base, 'GET', '/office/audit', { cookie: admin.cookie });
		assert.equal(r.status, 403);
	});

	it('the audit administrator changes nothing: creating orgs or users → 403', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/orgs', {
			...aud(), json: { code: 'aud-made', name: '审计员建', region_code: '130100', parent_id: org1.id },
		});
		assert.equal(r.status, 403);
		r = await api(srv.base, 'PATCH', `/api/v1/users/${user1.id}`, { ...aud(), json: { name: '改' } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/users/${user1.id}/password`, { ...aud(), json: {} });
		assert.equal(r.status, 403);
	});

	it('format=csv → text/csv attachment with the header line and one line per event; the export is itself audited', async () => {
		const all = await events();
		const r = await api(srv.base, 'GET', '/api/v1/audit?format=csv', aud());
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.match(r.headers.get('content-disposition') || '', /attachment/);
		const text = r.text.replace(/^\uFEFF/, '');
		const lines = text.split('\r\n').filter((l) => l.length > 0);
		assert.equal(lines[0], '序号,时间,用户,机构ID,操作,对象类型,对象ID,结果,IP,请求ID,详情');
		assert.equal(lines.length - 1, all.length);
		assert.ok(lines.some((l) => l.includes('"org.create"') && l.includes('"admin"')));
		const ex = await events('?action=audit.export');
		assert.equal(ex.length, 1);
		assert.equal(ex[0].actor_login, 'auditor');
		/* filters apply to the export */
		const f = await api(srv.base, 'GET', '/api/v1/audit?format=csv&action=org.create', aud());
		const fl = f.text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l.length > 0);
		assert.equal(fl.length - 1, (await events('?action=org.create')).length);
	});

	it('CSV export neutralizes spreadsheet formulas (=, +, -, @ at the start of a field)', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: admin.token,
			json: { code: 'csv-inject', name: '=HYPERLINK("http://evil")', region_code: '130100', parent_id: org1.id },
		});
		assert.equal(r.status, 201);
		const csv = await api(srv.base, 'GET', '/api/v1/audit?format=csv&action=org.create', aud());
		assert.ok(!/(^|,)"?=HYPERLINK/.test(csv.text), 'no field starts with =');
	});

	it('filters from= / to= (dates or RFC 3339 times) select by time; a bad date → 400', async () => {
		/* move the clock 3 days on; sessions have expired, log in again */
		await srv.restart({ now: T2 });
		admin = await login(srv.base, 'admin', admin.password);
		auditor = await login(srv.base, 'auditor', auditor.password);
		const parent = org1;
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: admin.token,
			json: { code: 'audit-t2', name: '审计测试二', region_code: '130100', parent_id: parent.id },
		});
		assert.equal(r.status, 201);
		org2 = r.json;
		const later = await events('?action=org.create&from=2026-03-05');
		assert.deepEqual(later.map((e) => e.object_id), [String(org2.id)]);
		for (const e of await events('?from=2026-03-05'))
			assert.ok(e.at >= '2026-03-05', e.at);
		const earlier = await events('?action=org.create&to=2026-03-04');
		assert.ok(earlier.some((e) => e.object_id === String(org1.id)));
		assert.ok(!earlier.some((e) => e.object_id === String(org2.id)));
		for (const e of await events('?to=2026-03-04'))
			assert.ok(e.at < '2026-03-05', e.at);
		/* to= a date includes that whole day */
		const day = await events('?action=org.create&from=2026-03-02&to=2026-03-02');
		assert.ok(day.some((e) => e.object_id === String(org1.id)));
		/* RFC 3339 bounds */
		const exact = await events('?action=org.create&from=' + encodeURIComponent('2026-03-05T09:59:59+08:00') +
		    '&to=' + encodeURIComponent('2026-03-05T10:00:00+08:00'));
		assert.deepEqual(exact.map((e) => e.object_id), [String(org2.id)]);
		const none = await events('?from=' + encodeURIComponent('2026-03-05T10:00:01+08:00'));
		assert.equal(none.length, 0);
		for (const bad of ['2026-13-01', 'yesterday', '2026-02-30']) {
			const b = await api(srv.base, 'GET', `/api/v1/audit?from=${bad}`, aud());
			assert.equal(b.status, 400, bad);
			assert.equal(errorOf(b).field, 'from');
		}
	});

	it('zhengwu audit verify: exit 0 and the number of events while the chain is intact', async () => {
		const count = (await events()).length;
		const v = await srv.cli(['audit', 'verify']);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`\\b${count}\\b`));
	});

	it('the database refuses UPDATE and DELETE on audit_events (append-only triggers)', async () => {
		await srv.stop();
		const u = await srv.sql("UPDATE audit_events SET actor_login='mallory' WHERE seq=3");
		assert.notEqual(u.code, 0, 'UPDATE refused');
		const d = await srv.sql('DELETE FROM audit_events WHERE seq=3');
		assert.notEqual(d.code, 0, 'DELETE refused');
		const q = await srv.sql('SELECT actor_login FROM audit_events WHERE seq=3');
		assert.equal(q.code, 0, q.stderr);
		assert.notEqual(q.stdout.trim(), 'mallory');
		assert.notEqual(q.stdout.trim(), '');
		const v = await srv.cli(['audit', 'verify']);
		assert.equal(v.code, 0, v.stdout + v.stderr);
	});

	it('tampering with one row (triggers dropped) is detected: audit verify exits 1 and names the first bad sequence number 3', async () => {
		const sql = srv.dbUrl
			? "ALTER TABLE audit_events DISABLE TRIGGER audit_no_update; UPDATE audit_events SET actor_login='mallory' WHERE seq=3"
			: "DROP TRIGGER audit_no_update; UPDATE audit_events SET actor_login='mallory' WHERE seq=3";
		const t = await srv.sql(sql);
		assert.equal(t.code, 0, t.stderr);
		const v = await srv.cli(['audit', 'verify']);
		assert.equal(v.code, 1, v.stdout + v.stderr);
		const m = /first bad sequence number (\d+)/.exec(v.stdout + v.stderr);
		assert.ok(m, v.stdout + v.stderr);
		assert.equal(m[1], '3');
	});
});
