// users.test.mjs -- user accounts, roles and the three separate
// administrators (三员分立, 等保 2.0 GB/T 22239-2019 §8.1.4.2).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
	startServer, api, login, ready, errorOf, listAll, PASSWORD,
} from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

describe('users', () => {
	let srv, admin, orgs = {}, users = {};
	const tok = () => ({ token: admin.token });

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		for (const o of await listAll(srv.base, '/api/v1/orgs', tok()))
			orgs[o.code] = o;
		for (const u of await listAll(srv.base, '/api/v1/users', tok()))
			users[u.login] = u;
	});
	after(async () => { await srv?.close(); });

	const create = (json, opts = tok()) => api(srv.base, 'POST', '/api/v1/users', { ...opts, json });

	it('list: the administrator sees the 3 administrators and the 11 demo users with roles and org', async () => {
		const logins = Object.keys(users).sort();
		assert.deepEqual(logins, ['admin', 'auditor', 'chen.jing', 'li.na', 'liu.yang', 'secadmin',
			'sun.li', 'wang.fang', 'wu.min', 'xu.tao', 'zhang.wei', 'zhao.lei', 'zheng.hui', 'zhou.qiang']);
		assert.deepEqual(users['zheng.hui'].roles, ['registry_admin']);
		assert.deepEqual(users['zhang.wei'].roles, ['leader']);
		assert.equal(users['zhang.wei'].org_id, orgs['sjz-gov-office'].id);
		assert.equal(users['zhang.wei'].org_name, '石家庄市人民政府办公室');
		assert.deepEqual(users.auditor.roles, ['auditadmin']);
		assert.deepEqual(users.secadmin.roles, ['secadmin']);
		for (const u of Object.values(users))
			assert.ok(!('password_hash' in u) && !('password' in u), 'no password material');
	});

	it('list: ?org_id= and ?q= filter; paging follows next_cursor', async () => {
		let r = await api(srv.base, 'GET', `/api/v1/users?org_id=${orgs['sjz-gov-office'].id}`, tok());
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((u) => u.login).sort(), ['li.na', 'zhang.wei']);
		r = await api(srv.base, 'GET', '/api/v1/users?q=zhang', tok());
		assert.deepEqual(r.json.items.map((u) => u.login), ['zhang.wei']);
		r = await api(srv.base, 'GET', '/api/v1/users?q=' + encodeURIComponent('李娜'), tok());
		assert.deepEqual(r.json.items.map((u) => u.login), ['li.na']);
		r = await api(srv.base, 'GET', '/api/v1/users?org_id=abc', tok());
		assert.equal(r.status, 400);
		const page1 = await api(srv.base, 'GET', '/api/v1/users?limit=4', tok());
		assert.equal(page1.json.items.length, 4);
		assert.notEqual(page1.json.next_cursor, null);
		const all = await listAll(srv.base, '/api/v1/users?limit=4', tok());
		assert.equal(all.length, 14);
		assert.equal(new Set(all.map((u) => u.id)).size, 14, 'no duplicates across pages');
	});

	let clerk;
	it('create with roles and no password → 201, Location, a generated initial_password that must be changed at first login', async () => {
		const r = await create({
			login: 'test.clerk', name: '测试员', org_id: orgs['sjz-approval'].id,
			roles: ['clerk'], title: '科员', phone: '0311-12345678',
		});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.headers.get('location'), `/api/v1/users/${r.json.id}`);
		assert.equal(r.json.login, 'test.clerk');
		assert.equal(r.json.name, '测试员');
		assert.equal(r.json.org_id, orgs['sjz-approval'].id);
		assert.deepEqual(r.json.roles, ['clerk']);
		assert.equal(r.json.title, '科员');
		assert.equal(r.json.status, 'active');
		assert.equal(r.json.must_change_password, true);
		assert.equal(typeof r.json.initial_password, 'string');
		assert.ok(r.json.initial_password.length >= 8);
		clerk = r.json;
		const s = await login(srv.base, 'test.clerk', r.json.initial_password);
		assert.equal(s.must_change_password, true);
		assert.deepEqual(s.user.roles, ['clerk']);
		assert.equal(s.user.data_scope, 'org');
		/* the initial password is never shown again */
		const g = await api(srv.base, 'GET', `/api/v1/users/${clerk.id}`, tok());
		assert.equal(g.json.initial_password, undefined);
	});

	it('create with a password → 201 without initial_password; that password logs in', async () => {
		const r = await create({ login: 'test.leader', name: '测试领导', org_id: orgs.changan.id, roles: ['leader'], password: 'Lead#2026pw' });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.initial_password, undefined);
		const s = await login(srv.base, 'test.leader', 'Lead#2026pw');
		assert.equal(s.user.data_scope, 'org_tree');
	});

	it('三员分立: sysadmin + auditadmin → 422 separation_of_duties; nothing is created', async () => {
		const r = await create({ login: 'two.hats', name: '兼任', org_id: orgs.hebei.id, roles: ['sysadmin', 'auditadmin'] });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'separation_of_duties');
		assert.equal(errorOf(r).field, 'roles');
		const l = await api(srv.base, 'GET', '/api/v1/users?q=two.hats', tok());
		assert.equal(l.json.items.length, 0);
	});

	it('三员分立: sysadmin + secadmin → 422; the audit administrator holds no other role (auditadmin + clerk → 422)', async () => {
		let r = await create({ login: 'two.hats', name: '兼任', org_id: orgs.hebei.id, roles: ['sysadmin', 'secadmin'] });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'separation_of_duties');
		r = await create({ login: 'two.hats', name: '兼任', org_id: orgs.hebei.id, roles: ['auditadmin', 'clerk'] });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'separation_of_duties');
		/* also when roles are changed later */
		r = await api(srv.base, 'PATCH', `/api/v1/users/${users.secadmin.id}`, { ...tok(), json: { roles: ['secadmin', 'auditadmin'] } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'separation_of_duties');
		const g = await api(srv.base, 'GET', `/api/v1/users/${users.secadmin.id}`, tok());
		assert.deepEqual(g.json.roles, ['secadmin']);
		/* one administrator role plus ordinary roles is allowed */
		r = await create({ login: 'sys.leader', name: '管理兼领导', org_id: orgs.hebei.id, roles: ['sysadmin', 'leader'] });
		assert.equal(r.status, 201, r.text);
	});

	it('an unknown role → 422 field roles; roles not an array of strings → 400', async () => {
		let r = await create({ login: 'bad.role', name: '测试', org_id: orgs.hebei.id, roles: ['root'] });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'roles');
		r = await create({ login: 'bad.role', name: '测试', org_id: orgs.hebei.id, roles: 'clerk' });
		assert.equal(r.status, 400);
		r = await create({ login: 'bad.role', name: '测试', org_id: orgs.hebei.id, roles: [1] });
		assert.equal(r.status, 400);
	});

	it('nobody changes their own roles → 403 own_roles', async () => {
		const r = await api(srv.base, 'PATCH', `/api/v1/users/${admin.user.id}`, { ...tok(), json: { roles: ['sysadmin', 'leader'] } });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'own_roles');
		const g = await api(srv.base, 'GET', `/api/v1/users/${admin.user.id}`, tok());
		assert.deepEqual(g.json.roles, ['sysadmin']);
	});

	it('duplicate login → 409 field login', async () => {
		const r = await create({ login: 'li.na', name: '重名', org_id: orgs.hebei.id, roles: ['clerk'] });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'duplicate');
		assert.equal(errorOf(r).field, 'login');
	});

	it('weak initial password → 422 weak_password field password; bad login names → 422', async () => {
		for (const pw of ['short1A', 'alllowercase1', 'Test.Weak2026x']) {
			const r = await create({ login: 'test.weak', name: '弱密码', org_id: orgs.hebei.id, roles: ['clerk'], password: pw });
			assert.equal(r.status, 422, pw);
			assert.equal(errorOf(r).code, 'weak_password', pw);
			assert.equal(errorOf(r).field, 'password', pw);
		}
		for (const l of ['a', 'has space', '张三', 'x'.repeat(65), "o'neil"]) {
			const r = await create({ login: l, name: '测试', org_id: orgs.hebei.id, roles: ['clerk'] });
			assert.ok(r.status === 422 || r.status === 400, `${l}: ${r.status}`);
			assert.equal(errorOf(r).field, 'login', l);
		}
	});

	it('an org that does not exist → 422 field org_id; missing name → 422', async () => {
		let r = await create({ login: 'no.org', name: '测试', org_id: 999999, roles: ['clerk'] });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'org_id');
		r = await create({ login: 'no.org', org_id: orgs.hebei.id, roles: ['clerk'] });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'name');
	});

	it('get: 200 with the fields; unknown id → 404', async () => {
		const r = await api(srv.base, 'GET', `/api/v1/users/${users['li.na'].id}`, tok());
		assert.equal(r.status, 200);
		assert.equal(r.json.login, 'li.na');
		assert.equal(r.json.name, '李娜');
		assert.equal(r.json.title, '科员');
		assert.deepEqual(r.json.roles, ['clerk']);
		assert.deepEqual(r.json.role_names, ['办事人员']);
		assert.equal(r.json.locked, false);
		assert.equal((await api(srv.base, 'GET', '/api/v1/users/999999', tok())).status, 404);
	});

	it('patch: name, title, org and roles; the login cannot change (422); password only through /password (422)', async () => {
		let r = await api(srv.base, 'PATCH', `/api/v1/users/${clerk.id}`, {
			...tok(), json: { name: '测试员二', title: '副科长', org_id: orgs['changan-approval'].id, roles: ['clerk', 'supervisor'] },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.name, '测试员二');
		assert.equal(r.json.title, '副科长');
		assert.equal(r.json.org_id, orgs['changan-approval'].id);
		assert.deepEqual(r.json.roles.sort(), ['clerk', 'supervisor']);
		r = await api(srv.base, 'PATCH', `/api/v1/users/${clerk.id}`, { ...tok(), json: { login: 'renamed' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'login');
		r = await api(srv.base, 'PATCH', `/api/v1/users/${clerk.id}`, { ...tok(), json: { password: 'New#Pass2026' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'PATCH', `/api/v1/users/${clerk.id}`, { ...tok(), json: { status: 'sleeping' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'status');
	});

	it('administrator password reset returns a new initial_password, forces a change and ends the user\'s sessions', async () => {
		const before = await ready(srv.base, 'zhou.qiang');
		const id = users['zhou.qiang'].id;
		const r = await api(srv.base, 'POST', `/api/v1/users/${id}/password`, { ...tok(), json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'password_reset');
		assert.equal(typeof r.json.initial_password, 'string');
		const me = await api(srv.base, 'GET', '/api/v1/me', { token: before.token });
		assert.equal(me.status, 401, 'the old session is gone');
		const old = await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'zhou.qiang', password: before.password } });
		assert.equal(old.status, 401, 'the old password is gone');
		const s = await login(srv.base, 'zhou.qiang', r.json.initial_password);
		assert.equal(s.must_change_password, true);
	});

	it('administrator password reset with a chosen password: weak → 422; a non-administrator cannot reset others → 403', async () => {
		const id = users['sun.li'].id;
		let r = await api(srv.base, 'POST', `/api/v1/users/${id}/password`, { ...tok(), json: { password: 'weak' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/users/${id}/password`, { ...tok(), json: { password: 'Chosen#2026' } });
		assert.equal(r.status, 200);
		assert.equal(r.json.initial_password, undefined);
		const s = await login(srv.base, 'sun.li', 'Chosen#2026');
		assert.equal(s.must_change_password, true);
		const leader = await ready(srv.base, 'zhang.wei');
		r = await api(srv.base, 'POST', `/api/v1/users/${users['li.na'].id}/password`, { token: leader.token, json: {} });
		assert.equal(r.status, 403);
	});

	it('a user changes their own password through /users/{own id}/password with the old one', async () => {
		const s = await ready(srv.base, 'wu.min');
		let r = await api(srv.base, 'POST', `/api/v1/users/${s.user.id}/password`, { token: s.token, json: { old_password: 'bad', new_password: 'Other#2026pw' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/users/${s.user.id}/password`, { token: s.token, json: { old_password: s.password, new_password: 'Other#2026pw' } });
		assert.equal(r.status, 200, r.text);
		await login(srv.base, 'wu.min', 'Other#2026pw');
	});

	it('lock / unlock by the administrator: a locked user cannot log in and loses their sessions', async () => {
		const s = await ready(srv.base, 'xu.tao');
		const id = users['xu.tao'].id;
		let r = await api(srv.base, 'POST', `/api/v1/users/${id}/lock`, tok());
		assert.equal(r.status, 200);
		assert.equal(r.json.locked, true);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: s.token })).status, 401);
		const l = await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'xu.tao', password: s.password } });
		assert.equal(l.status, 403);
		assert.equal(errorOf(l).code, 'account_locked');
		r = await api(srv.base, 'POST', `/api/v1/users/${id}/unlock`, tok());
		assert.equal(r.status, 200);
		assert.equal(r.json.locked, false);
		await login(srv.base, 'xu.tao', s.password);
	});

	it('nobody locks or disables their own account → 403', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/users/${admin.user.id}/lock`, tok());
		assert.equal(r.status, 403);
		r = await api(srv.base, 'PATCH', `/api/v1/users/${admin.user.id}`, { ...tok(), json: { status: 'disabled' } });
		assert.equal(r.status, 403);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', tok())).status, 200);
	});

	it('a disabled user cannot log in (401, same message as a wrong password) and loses their sessions; enabling restores access', async () => {
		const s = await ready(srv.base, 'liu.yang');
		const id = users['liu.yang'].id;
		let r = await api(srv.base, 'PATCH', `/api/v1/users/${id}`, { ...tok(), json: { status: 'disabled' } });
		assert.equal(r.status, 200);
		assert.equal(r.json.status, 'disabled');
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { token: s.token })).status, 401);
		const l = await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'liu.yang', password: s.password } });
		assert.equal(l.status, 401);
		assert.equal(errorOf(l).code, 'bad_credentials');
		r = await api(srv.base, 'PATCH', `/api/v1/users/${id}`, { ...tok(), json: { status: 'active' } });
		assert.equal(r.status, 200);
		await login(srv.base, 'liu.yang', s.password);
	});

	it('data scope: a leader sees users of their subtree only; others → 404; a clerk cannot create users → 403', async () => {
		const zhao = await ready(srv.base, 'zhao.lei');
		const mine = await listAll(srv.base, '/api/v1/users', { token: zhao.token });
		assert.deepEqual(mine.map((u) => u.login), ['zhao.lei']);
		let r = await api(srv.base, 'GET', `/api/v1/users/${users['li.na'].id}`, { token: zhao.token });
		assert.equal(r.status, 404);
		const li = await ready(srv.base, 'li.na');
		r = await create({ login: 'clerk.made', name: '越权', org_id: orgs['sjz-gov-office'].id, roles: ['clerk'] }, { token: li.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'PATCH', `/api/v1/users/${users['zhang.wei'].id}`, { token: li.token, json: { name: '越权' } });
		assert.equal(r.status, 403);
		const g = await api(srv.base, 'GET', `/api/v1/users/${users['zhang.wei'].id}`, tok());
		assert.equal(g.json.name, '张伟');
	});
});

describe('roles', () => {
	let srv, admin;
	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
	});
	after(async () => { await srv?.close(); });

	it('GET /api/v1/roles lists the seven built-in roles with permissions and data scope', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/roles', { token: admin.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.next_cursor, null);
		const by = Object.fromEntries(r.json.items.map((x) => [x.code, x]));
		assert.deepEqual(Object.keys(by).sort(), ['auditadmin', 'clerk', 'leader', 'registry_admin',
			'secadmin', 'supervisor', 'sysadmin']);
		const expect = {
			sysadmin: ['系统管理员', 'all'], secadmin: ['安全管理员', 'all'],
			auditadmin: ['安全审计员', 'all'], leader: ['单位领导', 'org_tree'],
			clerk: ['办事人员', 'org'], supervisor: ['监察人员', 'all'],
			registry_admin: ['数据管理员', 'all'],
		};
		for (const [code, [name, scope]] of Object.entries(expect)) {
			assert.equal(by[code].name, name, code);
			assert.equal(by[code].data_scope, scope, code);
			assert.ok(Array.isArray(by[code].permissions) && by[code].permissions.length > 0, code);
			assert.equal(by[code].builtin, true, code);
		}
	});

	it('三员分立 in the permissions: only the audit administrator reads the audit log and it changes nothing; the system administrator cannot read it', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/roles', { token: admin.token });
		const by = Object.fromEntries(r.json.items.map((x) => [x.code, x]));
		assert.ok(by.auditadmin.permissions.includes('audit.read'));
		assert.ok(!by.auditadmin.permissions.some((p) => p.endsWith('.manage')));
		for (const code of ['sysadmin', 'secadmin', 'leader', 'clerk', 'supervisor', 'registry_admin'])
			assert.ok(!by[code].permissions.includes('audit.read'), code);
		/* clear registry values only for the 数据管理员 */
		for (const [code, role] of Object.entries(by))
			assert.equal(role.permissions.includes('registry.clear'), code === 'registry_admin', code);
		assert.ok(by.leader.permissions.includes('registry.read'));
		assert.ok(by.clerk.permissions.includes('registry.read'));
		assert.ok(by.sysadmin.permissions.includes('users.manage'));
		assert.ok(by.sysadmin.permissions.includes('orgs.manage'));
		assert.ok(by.secadmin.permissions.includes('users.unlock'));
		assert.ok(!by.secadmin.permissions.includes('users.manage'));
		assert.ok(!by.clerk.permissions.includes('orgs.manage'));
	});

	it('roles need a login: 401 without a session', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/roles');
		assert.equal(r.status, 401);
	});
});
