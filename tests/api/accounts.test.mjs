// accounts.test.mjs -- public accounts (自然人 / 法人, issue 4 "Public
// accounts"), their messages, the portal pages, the registration rate
// limit and the e-mail/SMS gateway hook ("Results and ratings": the
// applicant is told of every state change).  Identifiers: GB 11643
// and GB 32100 (standards.md §6).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';

import {
	startServer, api, login, ready, errorOf, listAll, sessionCookie, PASSWORD,
} from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';
const PW = 'Zw#Citizen-2026';

/* GB 11643 MOD 11-2 check character of 17 digits. */
function idCheck(first17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 17; i++)
		s += Number(first17[i]) * w[i];
	return '10X98765432'[s % 11];
}
const idNumber = (first17) => first17 + idCheck(first17);

/* GB 32100: an enterprise (9, 1) in 长安区 with a GB 11714 org code. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(seq) {
	const body = String(40000000 + seq).padStart(8, '0');
	const ow = [3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 8; i++)
		s += Number(body[i]) * ow[i];
	const c = 11 - (s % 11);
	const oc = c === 10 ? 'X' : c === 11 ? '0' : String(c);
	const first17 = '91130102' + body + oc;
	const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
	let t = 0;
	for (let i = 0; i < 17; i++)
		t += USCC_CHARS.indexOf(first17[i]) * w[i];
	return first17 + USCC_CHARS[(31 - (t % 31)) % 31];
}

const mask = (s) => s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);

async function counts(srv) {
	const r = await srv.sql('SELECT (SELECT COUNT(*) FROM users) || \',\' || ' +
	    '(SELECT COUNT(*) FROM public_accounts) || \',\' || ' +
	    '(SELECT COUNT(*) FROM messages)');
	assert.equal(r.code, 0, r.stderr);
	return r.stdout.trim();
}

const form = (o) => new URLSearchParams(o).toString();
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

describe('public accounts', () => {
	let srv, admin, xFirst17;
	const person = (over = {}) => ({ kind: 'person', name: '张卫东',
		id_number: idNumber('13010219750505003'), phone: '13812345678',
		password: PW, ...over });
	const enterprise = (over = {}) => ({ kind: 'enterprise',
		name: '石家庄长安区东风机械有限公司', uscc: uscc(202),
		agent_name: '孙建华', agent_id_number: idNumber('13010219880909004'),
		phone: '13712345678', password: PW, ...over });
	const register = (json) => api(srv.base, 'POST', '/api/v1/accounts', { json });

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
	});
	after(async () => { await srv?.close(); });

	it('a citizen registers without login → 201 {id, login = the ID number, kind}', async () => {
		const before_ = await counts(srv);
		const r = await register(person());
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.login, idNumber('13010219750505003'));
		assert.equal(r.json.kind, 'person');
		assert.ok(Number.isInteger(r.json.id) && r.json.id > 0);
		const [u, a, m] = before_.split(',').map(Number);
		assert.equal(await counts(srv), `${u + 1},${a + 1},${m + 1}`);
	});

	it('logs in with the ID number: no organization, no roles, no forced password change', async () => {
		const s = await login(srv.base, idNumber('13010219750505003'), PW);
		assert.equal(s.must_change_password, false);
		assert.equal(s.user.kind, 'person');
		assert.equal(s.user.org_id, null);
		assert.deepEqual(s.user.roles, []);
		assert.deepEqual(s.user.permissions, []);
		const me = await api(srv.base, 'GET', '/api/v1/me', { token: s.token });
		assert.equal(me.status, 200);
		assert.equal(me.json.name, '张卫东');
		assert.equal(me.json.kind, 'person');
		assert.equal(me.json.org_id, null);
		const acct = await api(srv.base, 'GET', '/api/v1/me/account', { token: s.token });
		assert.equal(acct.status, 200);
		assert.equal(acct.json.kind, 'person');
		assert.equal(acct.json.name, '张卫东');
		assert.equal(acct.json.id_number, mask(idNumber('13010219750505003')));
		assert.equal(acct.json.id_number, '1301**********' + idNumber('13010219750505003').slice(-4));
		assert.equal(acct.json.phone, '138****5678');
		assert.equal(acct.json.registry_checked, false);
		assert.ok(!acct.text.includes('13812345678'), 'phone masked');
		assert.ok(!acct.text.includes(idNumber('13010219750505003')), 'ID masked');
	});

	it('an enterprise registers with its USCC (lower case accepted) and a named agent; logs in with the USCC', async () => {
		const code = uscc(202);
		const r = await register(enterprise({ uscc: code.toLowerCase() }));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.login, code);
		assert.equal(r.json.kind, 'enterprise');
		const s = await login(srv.base, code, PW);
		assert.equal(s.user.kind, 'enterprise');
		assert.equal(s.user.name, '石家庄长安区东风机械有限公司');
		const acct = await api(srv.base, 'GET', '/api/v1/me/account', { token: s.token });
		assert.equal(acct.status, 200);
		assert.equal(acct.json.uscc, mask(code));
		assert.equal(acct.json.agent_name, '孙建华');
		assert.equal(acct.json.agent_id_number, mask(idNumber('13010219880909004')));
		assert.equal(acct.json.phone, '137****5678');
		assert.equal(acct.json.id_number, undefined);
	});

	it('a lower-case x in the ID number is the same number (login with X)', async () => {
		let seq = 1, first17;
		for (; seq < 1000; seq++) {
			first17 = '130102196612120' + String(seq).padStart(2, '0');
			if (first17.length === 17 && idCheck(first17) === 'X')
				break;
		}
		assert.equal(idCheck(first17), 'X');
		const r = await register(person({ name: '周桂兰', id_number: first17 + 'x' }));
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.login, first17 + 'X');
		await login(srv.base, first17 + 'X', PW);
		xFirst17 = first17;
	});

	const badCases = [
		['id_number', person({ id_number: '130102197505050030' }), 422, 'invalid_id_number'],
		['id_number', person({ id_number: '130102750505003' }), 422, 'old_id_number'],
		['id_number', person({ id_number: '1301021975' }), 422, 'invalid_id_number'],
		['uscc', enterprise({ uscc: uscc(303).slice(0, 17) + (uscc(303)[17] === '0' ? '1' : '0') }), 422, 'invalid_uscc'],
		['uscc', enterprise({ uscc: '91130102OOOOOOOOO0' }), 422, 'invalid_uscc'],
		['agent_id_number', enterprise({ uscc: uscc(304), agent_id_number: '12345' }), 422, 'invalid_id_number'],
		['phone', person({ id_number: idNumber('13010219750505013'), phone: '12812345678' }), 422, 'invalid_phone'],
		['phone', person({ id_number: idNumber('13010219750505013'), phone: '1381234567' }), 422, 'invalid_phone'],
		['password', person({ id_number: idNumber('13010219750505013'), password: 'password' }), 422, 'weak_password'],
		['name', person({ id_number: idNumber('13010219750505013'), name: '张' }), 422, 'invalid_name'],
		['kind', person({ kind: 'staff', id_number: idNumber('13010219750505013') }), 422, 'invalid_kind'],
		['uscc', person({ id_number: idNumber('13010219750505013'), uscc: uscc(5) }), 422, 'unknown_field'],
	];
	for (const [field, body, status, code] of badCases) {
		it(`bad ${field} (${code}) → ${status} naming the field; nothing created`, async () => {
			const before_ = await counts(srv);
			const users = await listAll(srv.base, '/api/v1/users', { token: admin.token });
			const r = await register(body);
			assert.equal(r.status, status, r.text);
			const e = errorOf(r);
			assert.equal(e.code, code);
			assert.equal(e.field, field);
			assert.match(e.message, /[\u4e00-\u9fff]/, 'Chinese message');
			assert.equal(await counts(srv), before_);
			assert.deepEqual(await listAll(srv.base, '/api/v1/users', { token: admin.token }), users);
			const l = await api(srv.base, 'POST', '/api/v1/session', {
				json: { login: body.id_number ?? body.uscc, password: body.password } });
			assert.equal(l.status, 401);
		});
	}

	it('malformed bodies → 400 (unknown field, wrong type, no JSON)', async () => {
		const before_ = await counts(srv);
		let r = await register({ ...person({ id_number: idNumber('13010219750505013') }), role: 'sysadmin' });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'unknown_field');
		r = await register(person({ id_number: idNumber('13010219750505013'), name: 42 }));
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'wrong_type');
		assert.equal(errorOf(r).field, 'name');
		r = await api(srv.base, 'POST', '/api/v1/accounts', { body: 'kind=person', headers: FORM });
		assert.equal(r.status, 400);
		assert.equal(await counts(srv), before_);
	});

	it('the same ID number or USCC again → 409 account_exists, nothing created', async () => {
		const before_ = await counts(srv);
		let r = await register(person({ name: '张卫东', phone: '13900000000' }));
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'account_exists');
		assert.equal(errorOf(r).field, 'id_number');
		r = await register(enterprise());
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'account_exists');
		assert.equal(errorOf(r).field, 'uscc');
		assert.equal(await counts(srv), before_);
		/* the old password still works: nothing was overwritten */
		await login(srv.base, idNumber('13010219750505003'), PW);
	});

	it('registration is audited as account.register by the new user, the ID number masked', async () => {
		const auditor = await ready(srv.base, 'auditor');
		const r = await api(srv.base, 'GET', '/api/v1/audit?action=account.register&limit=500',
		    { token: auditor.token });
		assert.equal(r.status, 200);
		const ev = r.json.items.find((e) => e.actor_login === idNumber('13010219750505003'));
		assert.ok(ev, 'event of the citizen');
		assert.equal(ev.result, 'success');
		assert.equal(ev.object_type, 'user');
		assert.equal(ev.actor_id, Number(ev.object_id));
		assert.equal(ev.ip, '127.0.0.1');
		const details = JSON.stringify(ev.details);
		assert.ok(details.includes(mask(idNumber('13010219750505003'))), details);
		assert.ok(!details.includes(idNumber('13010219750505003')), 'number masked in the log');
	});

	it('a public user is refused on every staff API and page (403), but GET /api/v1/me works', async () => {
		const s = await login(srv.base, idNumber('13010219750505003'), PW);
		for (const p of ['/api/v1/users', '/api/v1/orgs', '/api/v1/documents', '/api/v1/inbox',
		    '/api/v1/roles', '/api/v1/audit', '/api/v1/documents/search?q=a']) {
			const r = await api(srv.base, 'GET', p, { token: s.token });
			assert.equal(r.status, 403, p);
			assert.equal(errorOf(r).code, 'forbidden', p);
		}
		const cr = await api(srv.base, 'POST', '/api/v1/documents', { token: s.token,
			json: { doc_type: '通知', title: 'x', body: 'y' } });
		assert.equal(cr.status, 403);
		const o = await api(srv.base, 'GET', '/office/', { cookie: s.cookie });
		assert.equal(o.status, 403);
		const ou = await api(srv.base, 'GET', '/office/users', { cookie: s.cookie });
		assert.equal(ou.status, 403);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: s.token })).status, 200);
	});

	it('staff have no public account (404 no_account); messages work for anyone logged in; anonymous → 401', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/me/account', { token: admin.token });
		assert.equal(r.status, 404);
		assert.equal(errorOf(r).code, 'no_account');
		r = await api(srv.base, 'GET', '/api/v1/me/messages', { token: admin.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json, { items: [], next_cursor: null, unread: 0 });
		for (const p of ['/api/v1/me/account', '/api/v1/me/messages'])
			assert.equal((await api(srv.base, 'GET', p)).status, 401, p);
	});

	it('messages: newest first, paged, unread count; read one\'s own; another\'s → 404', async () => {
		const s = await login(srv.base, idNumber('13010219750505003'), PW);
		const other = await login(srv.base, '130102198003150017', PASSWORD);	/* demo 王建国 */
		let r = await api(srv.base, 'GET', '/api/v1/me/messages', { token: s.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.unread, 1);
		assert.equal(r.json.items.length, 1);
		assert.equal(r.json.items[0].title, '账号注册成功');
		assert.equal(r.json.items[0].read, false);
		assert.equal(r.json.items[0].app_id, null);
		assert.match(r.json.items[0].created_at, /^2026-03-02T09:00:00\+08:00$/);
		/* more messages (zw_notify is tested in test_accounts; rows suffice here) */
		const uid = s.user.id;
		for (let i = 1; i <= 3; i++) {
			const q = await srv.sql(`INSERT INTO messages (user_id, title, body, created_at) ` +
			    `VALUES (${uid}, '消息${i}', '正文${i}', ${1772413200 + i})`);
			assert.equal(q.code, 0, q.stderr);
		}
		r = await api(srv.base, 'GET', '/api/v1/me/messages?limit=2', { token: s.token });
		assert.deepEqual(r.json.items.map((m) => m.title), ['消息3', '消息2']);
		assert.equal(r.json.unread, 4);
		assert.ok(r.json.next_cursor);
		const r2 = await api(srv.base, 'GET', `/api/v1/me/messages?limit=2&cursor=${r.json.next_cursor}`,
		    { token: s.token });
		assert.deepEqual(r2.json.items.map((m) => m.title), ['消息1', '账号注册成功']);
		assert.equal(r2.json.next_cursor, null);
		assert.deepEqual((await listAll(srv.base, '/api/v1/me/messages?limit=1', { token: s.token }))
		    .map((m) => m.title), ['消息3', '消息2', '消息1', '账号注册成功']);

		const id = r.json.items[0].id;
		/* another user's message: 404, still unread */
		let x = await api(srv.base, 'POST', `/api/v1/me/messages/${id}/read`, { token: other.token });
		assert.equal(x.status, 404);
		assert.equal(errorOf(x).code, 'not_found');
		x = await api(srv.base, 'POST', '/api/v1/me/messages/999999/read', { token: s.token });
		assert.equal(x.status, 404);
		x = await api(srv.base, 'POST', '/api/v1/me/messages/abc/read', { token: s.token });
		assert.equal(x.status, 404);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me/messages', { token: s.token })).json.unread, 4);
		/* one's own: read (twice is fine) */
		for (let i = 0; i < 2; i++) {
			x = await api(srv.base, 'POST', `/api/v1/me/messages/${id}/read`, { token: s.token });
			assert.equal(x.status, 200);
			assert.deepEqual(x.json, { id, read: true });
		}
		r = await api(srv.base, 'GET', '/api/v1/me/messages', { token: s.token });
		assert.equal(r.json.unread, 3);
		assert.equal(r.json.items[0].read, true);
		assert.equal(r.json.items[0].read_at, '2026-03-02T09:00:00+08:00');
		/* cookie-authenticated without the CSRF token: refused */
		x = await api(srv.base, 'POST', `/api/v1/me/messages/${r.json.items[1].id}/read`, { cookie: s.cookie });
		assert.equal(x.status, 403);
		assert.equal(errorOf(x).code, 'csrf_failed');
		/* bad paging */
		assert.equal((await api(srv.base, 'GET', '/api/v1/me/messages?limit=0', { token: s.token })).status, 400);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me/messages?cursor=x', { token: s.token })).status, 400);
	});

	it('demo: two citizens and one enterprise log in with the demo password', async () => {
		for (const l of ['130102198003150017', '130102199208210022', '91130102400001010E']) {
			const s = await login(srv.base, l, PASSWORD);
			assert.equal(s.must_change_password, false);
			const a = await api(srv.base, 'GET', '/api/v1/me/account', { token: s.token });
			assert.equal(a.status, 200, l);
			assert.equal(a.json.kind, l.startsWith('91') ? 'enterprise' : 'person');
		}
	});

	/* ---- pages ---- */

	it('/register: a form per kind; a bad input comes back with the message, the input kept, never the password', async () => {
		let r = await api(srv.base, 'GET', '/register');
		assert.equal(r.status, 200);
		assert.match(r.text, /<html lang="zh-CN">/);
		assert.match(r.text, /<label for="f-id_number">身份证号/);
		assert.doesNotMatch(r.text, /name="uscc"/);
		r = await api(srv.base, 'GET', '/register?kind=enterprise');
		assert.match(r.text, /<label for="f-uscc">统一社会信用代码/);
		assert.match(r.text, /<label for="f-agent_id_number">经办人身份证号/);

		const before_ = await counts(srv);
		r = await api(srv.base, 'POST', '/register', { headers: FORM, body: form({
			kind: 'person', name: '李明', id_number: '130102197505050030',
			phone: '13812345678', password: PW, password2: PW }) });
		assert.equal(r.status, 422);
		assert.match(r.text, /class="error-summary"/);
		assert.match(r.text, /<a href="#f-id_number">身份证号无效/);
		assert.match(r.text, /id="f-id_number"[^>]*aria-invalid="true"/);
		assert.match(r.text, /value="李明"/);
		assert.match(r.text, /value="130102197505050030"/);
		assert.ok(!r.text.includes(PW), 'password not echoed');
		assert.equal(sessionCookie(r), null);
		/* passwords that differ */
		r = await api(srv.base, 'POST', '/register', { headers: FORM, body: form({
			kind: 'person', name: '李明', id_number: idNumber('13010219750505023'),
			phone: '13812345678', password: PW, password2: PW + 'x' }) });
		assert.equal(r.status, 422);
		assert.match(r.text, /两次输入的密码不一致/);
		/* duplicate */
		r = await api(srv.base, 'POST', '/register', { headers: FORM, body: form({
			kind: 'person', name: '张卫东', id_number: idNumber('13010219750505003'),
			phone: '13812345678', password: PW, password2: PW }) });
		assert.equal(r.status, 409);
		assert.match(r.text, /该身份证号已注册/);
		assert.equal(await counts(srv), before_);
	});

	it('/register success: logged in, sent to /my/, which shows the account masked and the unread count', async () => {
		const id = idNumber('13010219750505023');
		const r = await api(srv.base, 'POST', '/register', { headers: FORM, body: form({
			kind: 'person', name: '李明', id_number: id, phone: '13811112222',
			email: 'liming@example.cn', password: PW, password2: PW }) });
		assert.equal(r.status, 303, r.text);
		assert.equal(r.headers.get('location'), '/my/?registered=1');
		const cookie = sessionCookie(r);
		assert.ok(cookie);
		const my = await api(srv.base, 'GET', '/my/?registered=1', { cookie });
		assert.equal(my.status, 200);
		assert.match(my.text, /注册成功/);
		assert.ok(my.text.includes(mask(id)));
		assert.ok(!my.text.includes(id), 'full ID number not shown');
		assert.match(my.text, /138\*\*\*\*2222/);
		assert.match(my.text, /<strong id="unread-count">1<\/strong>/);
		assert.match(my.text, /href="\/my\/applications"/);
		assert.match(my.text, /href="\/my\/messages"/);
		/* header: the name, 个人中心 and 退出 instead of 登录/注册 */
		assert.match(my.text, /<span class="who-name">李明<\/span>/);
		assert.match(my.text, /<a href="\/my\/">个人中心<\/a>/);
		assert.doesNotMatch(my.text, /<a href="\/register">/);
		const home = await api(srv.base, 'GET', '/');
		assert.match(home.text, /<a href="\/login">登录<\/a> <a href="\/register">注册<\/a>/);
	});

	it('/login: citizens go to /my/ or a local next; no open redirect; staff go to /office/', async () => {
		const id = idNumber('13010219750505003');
		const post = (o) => api(srv.base, 'POST', '/login', { headers: FORM, body: form(o) });
		let r = await post({ login: id, password: PW, next: '/my/messages' });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/my/messages');
		for (const evil of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/office/users']) {
			r = await post({ login: id, password: PW, next: evil });
			assert.equal(r.headers.get('location'), '/my/', evil);
		}
		r = await post({ login: id, password: 'wrong' });
		assert.equal(r.status, 401);
		assert.match(r.text, /用户名或密码错误/);
		assert.match(r.text, new RegExp(`value="${id}"`));
		assert.equal(sessionCookie(r), null);
		/* a lower-case x typed on the page is the same number */
		r = await post({ login: xFirst17 + 'x', password: PW });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/my/');
		/* staff */
		r = await post({ login: 'admin', password: admin.password, next: '/my/' });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/office/');
		/* anonymous /my/ → the public login, back afterwards */
		r = await api(srv.base, 'GET', '/my/messages');
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/login?next=%2Fmy%2Fmessages');
		r = await api(srv.base, 'GET', '/login?next=%2Fmy%2Fmessages');
		assert.match(r.text, /name="next" value="\/my\/messages"/);
	});

	it('/my/messages: list and mark read (CSRF); /logout ends the session', async () => {
		const s = await login(srv.base, '130102199208210022', PASSWORD);	/* demo 刘晓燕 */
		let r = await api(srv.base, 'GET', '/my/messages', { cookie: s.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /账号注册成功/);
		const m = /action="\/my\/messages\/(\d+)\/read"/.exec(r.text);
		assert.ok(m);
		/* without the CSRF token */
		r = await api(srv.base, 'POST', `/my/messages/${m[1]}/read`, { cookie: s.cookie, headers: FORM, body: '' });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/my/messages/${m[1]}/read`, { cookie: s.cookie, headers: FORM,
			body: form({ csrf_token: s.csrf }) });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/my/messages?marked=1');
		r = await api(srv.base, 'GET', '/my/messages?marked=1', { cookie: s.cookie });
		assert.match(r.text, /<strong id="unread-count">0<\/strong>/);
		assert.doesNotMatch(r.text, /action="\/my\/messages\/\d+\/read"/);
		r = await api(srv.base, 'POST', '/logout', { cookie: s.cookie, headers: FORM,
			body: form({ csrf_token: s.csrf }) });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/');
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: s.token })).status, 401);
	});

	it('/my/password: the holder changes the password', async () => {
		const s = await login(srv.base, '91130102400001010E', PASSWORD);
		const post = (o) => api(srv.base, 'POST', '/my/password', { cookie: s.cookie, headers: FORM,
			body: form({ csrf_token: s.csrf, ...o }) });
		let r = await post({ old_password: 'nope', new_password: PW, new_password2: PW });
		assert.equal(r.status, 422);
		assert.match(r.text, /原密码不正确/);
		r = await post({ old_password: PASSWORD, new_password: PW, new_password2: PW });
		assert.equal(r.status, 303);
		await login(srv.base, '91130102400001010E', PW);
	});

	it('a password reset by an administrator (CLI) sends the holder to /my/password first', async () => {
		const id = '130102199208210022';
		const c = await srv.cli(['user', 'passwd', '--login', id], { input: 'Zw#Reset-2026\n' });
		assert.equal(c.code, 0, c.stderr);
		let r = await api(srv.base, 'POST', '/login', { headers: FORM,
			body: form({ login: id, password: 'Zw#Reset-2026', next: '/my/messages' }) });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/my/password');
		const cookie = sessionCookie(r);
		r = await api(srv.base, 'GET', '/my/', { cookie });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/my/password');
		r = await api(srv.base, 'GET', '/my/password', { cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /请先设置新密码/);
		const csrf = /name="csrf_token" value="([^"]+)"/.exec(r.text)[1];
		r = await api(srv.base, 'POST', '/my/password', { cookie, headers: FORM, body: form({
			csrf_token: csrf, old_password: 'Zw#Reset-2026', new_password: PW, new_password2: PW }) });
		assert.equal(r.status, 303);
		assert.equal(r.headers.get('location'), '/my/');
		assert.equal((await api(srv.base, 'GET', '/my/', { cookie })).status, 200);
	});
});

describe('registration rate limit', () => {
	let srv;
	before(async () => {
		srv = await startServer({ now: NOW, env: { ZHENGWU_REGISTER_RATE_PER_MINUTE: '3' } });
	});
	after(async () => { await srv?.close(); });

	it('ZHENGWU_REGISTER_RATE_PER_MINUTE=3: the 4th registration in a minute → 429 with Retry-After; login is not affected', async () => {
		for (let i = 1; i <= 3; i++) {
			const r = await api(srv.base, 'POST', '/api/v1/accounts', { json: { kind: 'person' } });
			assert.equal(r.status, 422, `attempt ${i}`);
		}
		const before_ = await counts(srv);
		let r = await api(srv.base, 'POST', '/api/v1/accounts', { json: { kind: 'person', name: '张卫东',
			id_number: idNumber('13010219750505003'), phone: '13812345678', password: PW } });
		assert.equal(r.status, 429);
		assert.equal(errorOf(r).code, 'rate_limited');
		assert.ok(Number(r.headers.get('retry-after')) > 0);
		assert.equal(await counts(srv), before_);
		/* the page shares the limit */
		r = await api(srv.base, 'POST', '/register', { headers: FORM, body: form({ kind: 'person' }) });
		assert.equal(r.status, 429);
		assert.match(r.text, /注册过于频繁/);
		/* logins have their own budget */
		await login(srv.base, '130102198003150017', PASSWORD);
	});
});

describe('e-mail/SMS gateway hook (notify.gateway_command)', () => {
	let srv, dir;
	before(async () => {
		dir = await fs.mkdtemp('/tmp/zw-gw-');
		const script = path.join(dir, 'gw.sh');
		await fs.writeFile(script, '#!/bin/sh\ncat >> "$1"\necho >> "$1"\n', { mode: 0o755 });
		srv = await startServer({ now: NOW, env: {
			ZHENGWU_NOTIFY_GATEWAY_COMMAND: `${script} ${path.join(dir, 'out.jsonl')}`,
			ZHENGWU_JOB_POLL_MS: '50',
		} });
	});
	after(async () => {
		await srv?.close();
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('a registration\'s message reaches the gateway program as JSON on stdin', async () => {
		const id = idNumber('13010219750505003');
		const r = await api(srv.base, 'POST', '/api/v1/accounts', { json: { kind: 'person', name: '张卫东',
			id_number: id, phone: '13812345678', email: 'zwd@example.cn', password: PW } });
		assert.equal(r.status, 201, r.text);
		let text = '';
		for (let i = 0; i < 100 && !text.includes('\n'); i++) {
			text = await fs.readFile(path.join(dir, 'out.jsonl'), 'utf8').catch(() => '');
			if (!text.includes('\n'))
				await new Promise((res) => setTimeout(res, 100));
		}
		const lines = text.trim().split('\n');
		assert.equal(lines.length, 1, text);
		const m = JSON.parse(lines[0]);
		assert.equal(m.user_id, r.json.id);
		assert.equal(m.login, id);
		assert.equal(m.name, '张卫东');
		assert.equal(m.phone, '13812345678');
		assert.equal(m.email, 'zwd@example.cn');
		assert.equal(m.title, '账号注册成功');
		assert.match(m.body, /身份证号登录/);
		assert.equal(m.app_id, null);
		assert.ok(m.message_id > 0);
		/* the job is marked done after the program exits: wait for it */
		let state = '';
		for (let i = 0; i < 100 && state !== 'done'; i++) {
			state = (await srv.sql("SELECT state FROM jobs WHERE kind = 'notify.gateway'")).stdout.trim();
			if (state !== 'done')
				await new Promise((res) => setTimeout(res, 100));
		}
		assert.equal(state, 'done');
	});
});
