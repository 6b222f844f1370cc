// session.test.mjs -- logging in and out, lockout, forced password
// change, password rules, forged tokens (等保 2.0 GB/T 22239-2019
// §8.1.4.1 身份鉴别; DESIGN.md "Security model").
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
	startServer, api, login, ready, errorOf, sessionCookie, listAll,
	PASSWORD, NEW_PASSWORD,
} from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';
const at = (minutes) => new Date(Date.parse(NOW) + minutes * 60000)
    .toISOString().replace(/\.\d{3}Z$/, 'Z');

async function badLogin(base, loginName, password = 'Wrong#Pass99') {
	return api(base, 'POST', '/api/v1/session', { json: { login: loginName, password } });
}

describe('session: login, logout, tokens', () => {
	let srv;
	before(async () => { srv = await startServer({ now: NOW }); });
	after(async () => { await srv?.close(); });

	it('login → 200 {token, csrf_token, user, must_change_password: true} and an HttpOnly session cookie', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/session', {
			json: { login: 'admin', password: PASSWORD },
		});
		assert.equal(r.status, 200);
		assert.match(r.json.token, /^[A-Za-z0-9_-]{40,}$/, '256-bit token');
		assert.match(r.json.csrf_token, /^[A-Za-z0-9_-]{40,}$/);
		assert.notEqual(r.json.token, r.json.csrf_token);
		assert.equal(r.json.must_change_password, true);
		assert.equal(r.json.user.login, 'admin');
		assert.equal(r.json.user.name, '系统管理员');
		assert.deepEqual(r.json.user.roles, ['sysadmin']);
		assert.equal(r.json.user.must_change_password, true);
		assert.equal(typeof r.json.user.id, 'number');
		const sc = r.headers.get('set-cookie');
		assert.match(sc, new RegExp(`zw_session=${r.json.token};`));
		assert.match(sc, /HttpOnly/);
		assert.match(sc, /SameSite=Lax/);
		assert.match(sc, /Path=\//);
	});

	it('two logins give two different tokens', async () => {
		const a = await login(srv.base, 'zhang.wei');
		const b = await login(srv.base, 'zhang.wei');
		assert.notEqual(a.token, b.token);
		assert.notEqual(a.csrf, b.csrf);
	});

	it('wrong password → 401 {"error":{"code","message"}}; an unknown login gets the same code and message', async () => {
		const a = await badLogin(srv.base, 'admin');
		assert.equal(a.status, 401);
		const ea = errorOf(a);
		assert.equal(ea.code, 'bad_credentials');
		assert.match(ea.message, /[\u4e00-\u9fff]/, 'message in Chinese');
		const b = await badLogin(srv.base, 'no.such.user');
		assert.equal(b.status, 401);
		assert.deepEqual(errorOf(b), ea, 'no hint whether the login exists');
		assert.equal(sessionCookie(a), null);
	});

	it('login input is validated: missing field → 422, not JSON → 400, unknown field → 400', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'admin' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'password');
		r = await api(srv.base, 'POST', '/api/v1/session', {
			headers: { 'Content-Type': 'application/json' }, body: '{"login":',
		});
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'malformed_json');
		r = await api(srv.base, 'POST', '/api/v1/session', {
			json: { login: 'admin', password: PASSWORD, remember: true },
		});
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'unknown_field');
	});

	it('等保 2.0 §8.1.4.1 a: first login forces a password change: every other endpoint → 403 password_change_required', async () => {
		const s = await login(srv.base, 'admin');
		assert.equal(s.must_change_password, true);
		for (const [m, p, json] of [
			['GET', '/api/v1/orgs'],
			['GET', '/api/v1/users'],
			['GET', '/api/v1/roles'],
			['POST', '/api/v1/orgs', { code: 'x-forced', name: '测试', region_code: '130102' }],
			['POST', '/api/v1/calendar/import'],
		]) {
			const r = await api(srv.base, m, p, { token: s.token, json });
			assert.equal(r.status, 403, `${m} ${p}`);
			assert.equal(errorOf(r).code, 'password_change_required', `${m} ${p}`);
		}
		/* what the user may do: see themselves, change the password */
		const me = await api(srv.base, 'GET', '/api/v1/me', { token: s.token });
		assert.equal(me.status, 200);
		assert.equal(me.json.login, 'admin');
		assert.equal(me.json.must_change_password, true);
		const ch = await api(srv.base, 'POST', '/api/v1/me/password', {
			token: s.token, json: { old_password: PASSWORD, new_password: NEW_PASSWORD },
		});
		assert.equal(ch.status, 200);
		assert.equal(ch.json.status, 'password_changed');
		const orgs = await api(srv.base, 'GET', '/api/v1/orgs', { token: s.token });
		assert.equal(orgs.status, 200, 'the same session now works');
		const me2 = await api(srv.base, 'GET', '/api/v1/me', { token: s.token });
		assert.equal(me2.json.must_change_password, false);
		/* old password no longer works, the new one does */
		assert.equal((await badLogin(srv.base, 'admin', PASSWORD)).status, 401);
		const again = await login(srv.base, 'admin', NEW_PASSWORD);
		assert.equal(again.must_change_password, false);
	});

	it('等保 2.0 §8.1.4.1 a: password rules → 422 with field (too short, 2 classes, contains login, same as old, wrong old password)', async () => {
		const s = await login(srv.base, 'xu.tao');
		const cases = [
			['Ab#1xyz', 'weak_password', /8/],			/* 7 characters */
			['abcdefgh1234', 'weak_password', /三类/],		/* lower + digit */
			['ABCDEFGH!!!!', 'weak_password', /三类/],		/* upper + symbol */
			['Xx#9xu.tao2026', 'weak_password', /登录名/],		/* contains the login */
			['Xx#9XU.TAO2026', 'weak_password', /登录名/],		/* case does not matter */
			[PASSWORD, 'same_password', /相同/],
		];
		for (const [pw, code, msg] of cases) {
			const r = await api(srv.base, 'POST', '/api/v1/me/password', {
				token: s.token, json: { old_password: PASSWORD, new_password: pw },
			});
			assert.equal(r.status, 422, pw);
			const e = errorOf(r);
			assert.equal(e.code, code, pw);
			assert.equal(e.field, 'new_password', `${pw}: field ${e.field}`);
			assert.match(e.message, msg, pw);
		}
		const w = await api(srv.base, 'POST', '/api/v1/me/password', {
			token: s.token, json: { old_password: 'Not#The-Old1', new_password: 'Fine#Pass2026' },
		});
		assert.equal(w.status, 422);
		assert.equal(errorOf(w).code, 'wrong_password');
		assert.equal(errorOf(w).field, 'old_password');
		/* nothing changed: still forced, and the initial password still works */
		const me = await api(srv.base, 'GET', '/api/v1/me', { token: s.token });
		assert.equal(me.json.must_change_password, true);
		await login(srv.base, 'xu.tao', PASSWORD);
		/* 3 classes and 8 characters is enough */
		const ok = await api(srv.base, 'POST', '/api/v1/me/password', {
			token: s.token, json: { old_password: PASSWORD, new_password: 'abcd#1234' },
		});
		assert.equal(ok.status, 200);
	});

	it('logout: DELETE /api/v1/session ends the session; the token then gets 401', async () => {
		const s = await login(srv.base, 'zhang.wei');
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: s.token })).status, 200);
		const out = await api(srv.base, 'DELETE', '/api/v1/session', { token: s.token });
		assert.equal(out.status, 200);
		assert.match(out.headers.get('set-cookie') || '', /zw_session=;.*Max-Age=0/);
		const r = await api(srv.base, 'GET', '/api/v1/me', { token: s.token });
		assert.equal(r.status, 401);
		assert.equal(errorOf(r).code, 'session_expired');
		const c = await api(srv.base, 'GET', '/api/v1/me', { cookie: s.cookie });
		assert.equal(c.status, 401, 'the cookie is dead too');
		/* another session of the same user is untouched */
		const other = await login(srv.base, 'zhang.wei');
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: other.token })).status, 200);
	});

	it('no credentials → 401 unauthenticated; a forged or malformed token → 401', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/me');
		assert.equal(r.status, 401);
		assert.equal(errorOf(r).code, 'unauthenticated');
		const real = await login(srv.base, 'li.na');
		/* same length and alphabet as a real token, one character off */
		const forged = real.token.slice(0, -1) + (real.token.endsWith('A') ? 'B' : 'A');
		for (const tok of [forged, 'A'.repeat(43), 'x', 'a'.repeat(500), "' OR '1'='1"]) {
			r = await api(srv.base, 'GET', '/api/v1/me', { token: tok });
			assert.equal(r.status, 401, `token ${tok.slice(0, 20)}`);
		}
		r = await api(srv.base, 'GET', '/api/v1/me', { cookie: 'zw_session=' + forged });
		assert.equal(r.status, 401);
		/* the real one still works */
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: real.token })).status, 200);
	});

	it('等保 2.0 §8.1.4.1 b: 5 failures lock the account (403 account_locked); the right password is refused while locked', async () => {
		for (let i = 1; i <= 4; i++) {
			const r = await badLogin(srv.base, 'wang.fang');
			assert.equal(r.status, 401, `failure ${i}`);
			assert.equal(errorOf(r).code, 'bad_credentials');
		}
		const fifth = await badLogin(srv.base, 'wang.fang');
		assert.equal(fifth.status, 403);
		assert.equal(errorOf(fifth).code, 'account_locked');
		const right = await badLogin(srv.base, 'wang.fang', PASSWORD);
		assert.equal(right.status, 403);
		assert.equal(errorOf(right).code, 'account_locked');
		assert.equal(sessionCookie(right), null);
	});

	it('a successful login resets the failure count (4 failures, success, 4 failures: not locked)', async () => {
		for (let i = 0; i < 4; i++)
			assert.equal((await badLogin(srv.base, 'chen.jing')).status, 401);
		await login(srv.base, 'chen.jing');
		for (let i = 0; i < 4; i++)
			assert.equal((await badLogin(srv.base, 'chen.jing')).status, 401);
		await login(srv.base, 'chen.jing');
	});

	it('a locked account is shown as locked; only a security administrator (or sysadmin) may unlock: POST /api/v1/users/{id}/unlock', async () => {
		const sec = await ready(srv.base, 'secadmin');
		const users = await listAll(srv.base, '/api/v1/users?q=wang.fang', { token: sec.token });
		const wang = users.find((u) => u.login === 'wang.fang');
		assert.ok(wang, 'secadmin sees wang.fang');
		assert.equal(wang.locked, true);
		assert.ok(wang.locked_until, 'locked_until shown');
		/* a clerk cannot unlock */
		const clerk = await ready(srv.base, 'liu.yang');
		const denied = await api(srv.base, 'POST', `/api/v1/users/${wang.id}/unlock`, { token: clerk.token });
		assert.equal(denied.status, 403);
		assert.equal((await badLogin(srv.base, 'wang.fang', PASSWORD)).status, 403, 'still locked');
		/* the security administrator can */
		const r = await api(srv.base, 'POST', `/api/v1/users/${wang.id}/unlock`, { token: sec.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.locked, false);
		const s = await login(srv.base, 'wang.fang');
		assert.equal(s.user.login, 'wang.fang');
	});

	it('the security administrator cannot lock accounts or manage users (三员分立)', async () => {
		const sec = await login(srv.base, 'secadmin', NEW_PASSWORD);
		const users = await listAll(srv.base, '/api/v1/users?q=li.na', { token: sec.token });
		const li = users.find((u) => u.login === 'li.na');
		let r = await api(srv.base, 'POST', `/api/v1/users/${li.id}/lock`, { token: sec.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/users', {
			token: sec.token, json: { login: 'sec.made', name: '测试', org_id: 1, roles: ['clerk'] },
		});
		assert.equal(r.status, 403);
	});
});

describe('session: lock expiry and idle timeout (clock moved by restarting with a later ZHENGWU_NOW)', () => {
	let srv, idle, used;
	before(async () => { srv = await startServer({ now: NOW }); });
	after(async () => { await srv?.close(); });

	it('setup at T: liu.yang locked by 5 failures; two sessions opened', async () => {
		for (let i = 0; i < 5; i++)
			await badLogin(srv.base, 'liu.yang');
		assert.equal(errorOf(await badLogin(srv.base, 'liu.yang', PASSWORD)).code, 'account_locked');
		idle = await login(srv.base, 'zhou.qiang');
		used = await login(srv.base, 'sun.li');
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: idle.token })).status, 200);
	});

	it('T + 29 min: still locked (lock lasts 30 minutes); a session used now stays alive', async () => {
		await srv.restart({ now: at(29) });
		const r = await badLogin(srv.base, 'liu.yang', PASSWORD);
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'account_locked');
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: used.token })).status, 200);
	});

	it('等保 2.0 §8.1.4.1 b: T + 31 min: the lock has expired and the right password works', async () => {
		await srv.restart({ now: at(31) });
		const s = await login(srv.base, 'liu.yang');
		assert.equal(s.user.login, 'liu.yang');
	});

	it('等保 2.0 §8.1.4.1 b: T + 31 min: a session idle for 31 minutes → 401 session_expired; one used 2 minutes ago still works', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/me', { token: idle.token });
		assert.equal(r.status, 401);
		assert.equal(errorOf(r).code, 'session_expired');
		const c = await api(srv.base, 'GET', '/api/v1/me', { cookie: idle.cookie });
		assert.equal(c.status, 401);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: used.token })).status, 200);
	});

	it('an expired session cookie on a page → redirect to the login page and the cookie is cleared', async () => {
		const r = await api(srv.base, 'GET', '/office/', { cookie: idle.cookie });
		assert.equal(r.status, 303);
		assert.match(r.headers.get('location'), /^\/office\/login/);
		assert.match(r.headers.get('set-cookie') || '', /zw_session=;/);
	});

	it('password older than password_max_age_days (90) must be changed again', async () => {
		const s = await ready(srv.base, 'wu.min');
		assert.equal(s.user.must_change_password, false);
		await srv.restart({ now: at(91 * 24 * 60) });
		const again = await login(srv.base, 'wu.min', NEW_PASSWORD);
		assert.equal(again.must_change_password, true);
		const r = await api(srv.base, 'GET', '/api/v1/orgs', { token: again.token });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'password_change_required');
	});
});

describe('session: login rate limit', () => {
	let srv;
	before(async () => {
		srv = await startServer({ now: NOW, env: { ZHENGWU_LOGIN_RATE_PER_MINUTE: '3' } });
	});
	after(async () => { await srv?.close(); });

	it('ZHENGWU_LOGIN_RATE_PER_MINUTE=3: the 4th login POST in a minute → 429 rate_limited with Retry-After, even with the right password', async () => {
		for (let i = 1; i <= 3; i++)
			assert.equal((await badLogin(srv.base, 'admin')).status, 401, `attempt ${i}`);
		const r = await badLogin(srv.base, 'admin', PASSWORD);
		assert.equal(r.status, 429);
		assert.equal(errorOf(r).code, 'rate_limited');
		assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After');
		assert.equal(sessionCookie(r), null);
		/* the page form shares the limit */
		const f = await api(srv.base, 'POST', '/office/login', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: `login=admin&password=${encodeURIComponent(PASSWORD)}`,
		});
		assert.equal(f.status, 429);
	});

	it('the limit applies to login only: other requests are served', async () => {
		assert.equal((await api(srv.base, 'GET', '/healthz')).status, 200);
		assert.equal((await api(srv.base, 'GET', '/api/v1/validate/region/130102')).status, 200);
	});

	it('rate-limited attempts do not count as password failures (no lock after the minute)', async () => {
		await srv.restart({ now: at(2), env: { ZHENGWU_LOGIN_RATE_PER_MINUTE: '3' } });
		const s = await login(srv.base, 'admin');
		assert.equal(s.user.login, 'admin');
	});
});
