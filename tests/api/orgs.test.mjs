// orgs.test.mjs -- organizations: list, create, validation, update,
// data scope, permissions, CSRF, hostile text (DESIGN.md principle 4).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, api, login, ready, errorOf, listAll } from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

/* GB 32100 test vectors (standards.md §6.2): valid, unused by the demo. */
const USCC_A = '91350200776049653A';
const USCC_B = '913502000728319549';

describe('organizations', () => {
	let srv, admin, byCode = {};
	const tok = () => ({ token: admin.token });

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		for (const o of await listAll(srv.base, '/api/v1/orgs', tok()))
			byCode[o.code] = o;
	});
	after(async () => { await srv?.close(); });

	async function createOrg(json, opts = tok()) {
		return api(srv.base, 'POST', '/api/v1/orgs', { ...opts, json });
	}

	it('list: the administrator (data scope all) sees the 18 demo organizations in tree order', async () => {
		const all = await listAll(srv.base, '/api/v1/orgs', tok());
		assert.equal(all.length, 18);
		const codes = all.map((o) => o.code);
		for (const c of ['hebei', 'hebei-drc', 'sjz', 'sjz-gov-office', 'changan', 'changan-gov-office'])
			assert.ok(codes.includes(c), c);
		const paths = all.map((o) => o.path);
		assert.deepEqual(paths, [...paths].sort(), 'ordered by path');
		const sjz = all.find((o) => o.code === 'sjz-gov-office');
		assert.equal(sjz.name, '石家庄市人民政府办公室');
		assert.equal(sjz.short_name, '石政办');
		assert.equal(sjz.parent_id, byCode.sjz.id);
		assert.equal(sjz.region_code, '130100');
	});

	it('list paging: ?limit=N gives N items and a next_cursor; following it yields every org once; the last page has next_cursor null', async () => {
		const full = await api(srv.base, 'GET', '/api/v1/orgs?limit=500', tok());
		assert.equal(full.json.next_cursor, null);
		const first = await api(srv.base, 'GET', '/api/v1/orgs?limit=5', tok());
		assert.equal(first.status, 200);
		assert.equal(first.json.items.length, 5);
		assert.equal(typeof first.json.next_cursor, 'string');
		const ids = [];
		let cursor = null, pages = 0;
		do {
			const r = await api(srv.base, 'GET', '/api/v1/orgs?limit=5' +
			    (cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''), tok());
			assert.equal(r.status, 200);
			assert.ok(r.json.items.length <= 5);
			ids.push(...r.json.items.map((o) => o.id));
			cursor = r.json.next_cursor;
			pages++;
		} while (cursor !== null && pages < 20);
		assert.equal(pages, Math.ceil(full.json.items.length / 5));
		assert.deepEqual(ids, full.json.items.map((o) => o.id));
	});

	it('list paging: bad limit or cursor → 400', async () => {
		for (const q of ['limit=0', 'limit=501', 'limit=abc', 'cursor=-1', 'cursor=x'])  {
			const r = await api(srv.base, 'GET', `/api/v1/orgs?${q}`, tok());
			assert.equal(r.status, 400, q);
			errorOf(r);
		}
	});

	it('list: ?q= filters by name or code', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/orgs?q=' + encodeURIComponent('长安区'), tok());
		assert.equal(r.status, 200);
		assert.ok(r.json.items.length >= 4);
		for (const o of r.json.items)
			assert.match(o.name + o.code, /长安区/);
	});

	let created;
	it('create: 201, Location, and the fields as sent', async () => {
		const r = await createOrg({
			code: 'changan-test', name: '长安区测试局', short_name: '长测',
			uscc: USCC_A, region_code: '130102', parent_id: byCode.changan.id,
			kind: 'department', sort_order: 7,
		});
		assert.equal(r.status, 201, r.text);
		assert.equal(r.headers.get('location'), `/api/v1/orgs/${r.json.id}`);
		assert.equal(r.json.code, 'changan-test');
		assert.equal(r.json.name, '长安区测试局');
		assert.equal(r.json.short_name, '长测');
		assert.equal(r.json.uscc, USCC_A);
		assert.equal(r.json.region_code, '130102');
		assert.match(r.json.region_name, /长安区/);
		assert.equal(r.json.parent_id, byCode.changan.id);
		assert.equal(r.json.parent_name, byCode.changan.name);
		assert.equal(r.json.kind, 'department');
		assert.equal(r.json.sort_order, 7);
		assert.equal(r.json.status, 'active');
		assert.ok(r.json.path.startsWith(byCode.changan.path), 'path under the parent');
		assert.match(r.json.public_key_pem || '', /BEGIN PUBLIC KEY/, 'an SM2 seal key is made');
		created = r.json;
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${created.id}`, tok());
		assert.equal(g.status, 200);
		assert.equal(g.json.name, '长安区测试局');
		assert.equal(g.json.uscc, USCC_A);
	});

	it('create: uscc and short_name are optional', async () => {
		const r = await createOrg({ code: 'no-uscc', name: '无代码单位', region_code: '130100', parent_id: byCode.sjz.id });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.uscc, null);
		assert.equal(r.json.short_name, '');
	});

	it('validation: USCC with one wrong check character (GB 32100) → 422 field uscc', async () => {
		const bad = USCC_B.slice(0, 17) + (USCC_B[17] === '8' ? '7' : '8');
		const r = await createOrg({ code: 'bad-uscc', name: '测试', region_code: '130102', uscc: bad, parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		const e = errorOf(r);
		assert.equal(e.field, 'uscc');
		assert.equal(e.code, 'bad_check_digit');
		/* a forbidden character (GB 32100 has no I, O, S, V, Z) */
		const r2 = await createOrg({ code: 'bad-uscc', name: '测试', region_code: '130102', uscc: '91350200776049653I', parent_id: byCode.changan.id });
		assert.equal(r2.status, 422);
		assert.equal(errorOf(r2).field, 'uscc');
	});

	it('validation: region code not in GB/T 2260 → 422 field region_code; missing → 422', async () => {
		let r = await createOrg({ code: 'bad-region', name: '测试', region_code: '999999', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'region_code');
		r = await createOrg({ code: 'bad-region', name: '测试', region_code: '13010', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'region_code');
		r = await createOrg({ code: 'bad-region', name: '测试', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'region_code');
	});

	it('validation: 机关代字 (short_name) must be Han characters (GB/T 9704 §7.2.5) → 422 field short_name', async () => {
		for (const sn of ['ABC', '冀政1', '冀 政']) {
			const r = await createOrg({ code: 'bad-short', name: '测试', region_code: '130102', short_name: sn, parent_id: byCode.changan.id });
			assert.equal(r.status, 422, sn);
			assert.equal(errorOf(r).field, 'short_name', sn);
		}
	});

	it('validation: code with characters other than letters, digits, - and _ → 422 field code; required fields missing → 422', async () => {
		let r = await createOrg({ code: 'a b', name: '测试', region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'code');
		r = await createOrg({ name: '测试', region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'code');
		r = await createOrg({ code: 'x-empty', name: '', region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'name');
	});

	it('validation: duplicate code → 409; duplicate USCC → 409', async () => {
		let r = await createOrg({ code: 'sjz', name: '重复', region_code: '130100', parent_id: byCode.hebei.id });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'duplicate');
		r = await createOrg({ code: 'dup-uscc', name: '重复', region_code: '130100', uscc: USCC_A, parent_id: byCode.hebei.id });
		assert.equal(r.status, 409);
	});

	it('validation: unknown field → 400 unknown_field; wrong type → 400 wrong_type', async () => {
		let r = await createOrg({ code: 'x-unknown', name: '测试', region_code: '130102', parent_id: byCode.changan.id, colour: 'red' });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'unknown_field');
		assert.equal(errorOf(r).field, 'colour');
		r = await createOrg({ code: 'x-type', name: 12345, region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'wrong_type');
		assert.equal(errorOf(r).field, 'name');
		r = await createOrg({ code: 'x-type', name: '测试', region_code: '130102', parent_id: String(byCode.changan.id) });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).field, 'parent_id');
	});

	it('validation: malformed JSON → 400 malformed_json; a JSON array → 400; duplicate keys → 400', async () => {
		for (const body of ['{"code": "x", ', '[1,2]', '{"code":"a","code":"b","name":"x","region_code":"130102"}', 'null', '"str"']) {
			const r = await api(srv.base, 'POST', '/api/v1/orgs', {
				...tok(), headers: { 'Content-Type': 'application/json' }, body,
			});
			assert.equal(r.status, 400, body);
			assert.equal(errorOf(r).code, 'malformed_json', body);
		}
	});

	it('validation: a body that is not declared as JSON → 400 json_required; deeply nested JSON → 400', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/orgs', {
			...tok(), headers: { 'Content-Type': 'text/plain' },
			body: JSON.stringify({ code: 'not-json', name: '测试', region_code: '130102', parent_id: byCode.changan.id }),
		});
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'json_required');
		r = await api(srv.base, 'POST', '/api/v1/orgs', tok());
		assert.equal(r.status, 400);
		for (const depth of [20, 5000]) {
			const body = `{"code":"deep","region_code":"130102","name":${'['.repeat(depth)}${']'.repeat(depth)}}`;
			r = await api(srv.base, 'POST', '/api/v1/orgs', {
				...tok(), headers: { 'Content-Type': 'application/json' }, body,
			});
			assert.equal(r.status, 400, `depth ${depth}`);
			const e = errorOf(r);
			if (depth === 20)
				assert.equal(e.code, 'too_deep');	// ZW_MAX_JSON_DEPTH
		}
		const l = await api(srv.base, 'GET', '/api/v1/orgs?q=deep', tok());
		assert.equal(l.json.items.length, 0);
	});

	it('search: LIKE wildcards in q match literally (q=% and q=_ find nothing)', async () => {
		for (const q of ['%25', '_', '%25%25', '!']) {
			const r = await api(srv.base, 'GET', `/api/v1/orgs?q=${q}`, tok());
			assert.equal(r.status, 200);
			assert.equal(r.json.items.length, 0, `q=${q}`);
			const u = await api(srv.base, 'GET', `/api/v1/users?q=${q}`, tok());
			assert.equal(u.json.items.length, 0, `users q=${q}`);
		}
		const r = await api(srv.base, 'GET', '/api/v1/orgs?q=' + encodeURIComponent('长安'), tok());
		assert.ok(r.json.items.length >= 3);
	});

	it('validation: invalid UTF-8 bytes in the body → 400, nothing stored', async () => {
		const head = Buffer.from(`{"code":"bad-utf8","region_code":"130102","parent_id":${byCode.changan.id},"name":"`);
		const body = Buffer.concat([head, Buffer.from([0xe6, 0xb5, 0xff, 0xfe]), Buffer.from('"}')]);
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			...tok(), headers: { 'Content-Type': 'application/json' }, body,
		});
		assert.equal(r.status, 400);
		errorOf(r);
		const l = await api(srv.base, 'GET', '/api/v1/orgs?q=bad-utf8', tok());
		assert.equal(l.json.items.length, 0);
	});

	it('validation: a NUL or control character in a name → 400', async () => {
		const r = await createOrg({ code: 'ctl', name: '测试\u0000局', region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 400);
		const r2 = await createOrg({ code: 'ctl', name: '测试\u0007局', region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r2.status, 400);
	});

	it('validation: a name over 200 characters (ZW_MAX_NAME) → 422 too_long; exactly 200 Han characters is accepted', async () => {
		let r = await createOrg({ code: 'long-name', name: '长'.repeat(201), region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'too_long');
		assert.equal(errorOf(r).field, 'name');
		r = await createOrg({ code: 'long-name', name: '长'.repeat(200), region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 201, r.text);
	});

	it('a JSON body over 1 MiB (ZW_MAX_JSON_BODY) → 413, nothing stored', async () => {
		const name = 'x'.repeat((1 << 20) + 10);
		const body = JSON.stringify({ code: 'huge', name, region_code: '130102', parent_id: byCode.changan.id });
		let r;
		try {
			r = await api(srv.base, 'POST', '/api/v1/orgs', {
				...tok(), headers: { 'Content-Type': 'application/json' }, body,
			});
		} catch (err) {
			assert.fail(`the server should answer 413, not drop the connection: ${err.cause?.code || err.message}`);
		}
		assert.equal(r.status, 413);
		assert.equal(errorOf(r).code, 'too_large');
		const l = await api(srv.base, 'GET', '/api/v1/orgs?q=huge', tok());
		assert.equal(l.json.items.length, 0);
	});

	it('get: unknown id → 404 not_found; non-numeric id → 404', async () => {
		for (const id of ['999999', '0', 'abc', '-1', '99999999999999999999']) {
			const r = await api(srv.base, 'GET', `/api/v1/orgs/${id}`, tok());
			assert.equal(r.status, 404, id);
			assert.equal(errorOf(r).code, 'not_found', id);
		}
	});

	it('patch: rename; fields not sent are kept', async () => {
		const r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, {
			...tok(), json: { name: '长安区测试管理局' },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.name, '长安区测试管理局');
		assert.equal(r.json.code, 'changan-test');
		assert.equal(r.json.uscc, USCC_A);
		assert.equal(r.json.short_name, '长测');
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${created.id}`, tok());
		assert.equal(g.json.name, '长安区测试管理局');
	});

	it('patch: validation applies (bad region → 422, unknown org → 404, nothing changes)', async () => {
		let r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, { ...tok(), json: { region_code: '999999' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'PATCH', '/api/v1/orgs/999999', { ...tok(), json: { name: '不存在' } });
		assert.equal(r.status, 404);
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${created.id}`, tok());
		assert.equal(g.json.region_code, '130102');
	});

	it('patch: changing the code to one that exists → 409, nothing changes', async () => {
		const r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, { ...tok(), json: { code: 'sjz' } });
		assert.equal(r.status, 409);
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${created.id}`, tok());
		assert.equal(g.json.code, 'changan-test');
	});

	let child;
	it('patch: move under another parent; the subtree moves with it', async () => {
		const c = await createOrg({ code: 'changan-test-sub', name: '测试局下属科', region_code: '130102', parent_id: created.id });
		assert.equal(c.status, 201, c.text);
		child = c.json;
		const r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, {
			...tok(), json: { parent_id: byCode.sjz.id },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.parent_id, byCode.sjz.id);
		assert.equal(r.json.parent_name, byCode.sjz.name);
		assert.ok(r.json.path.startsWith(byCode.sjz.path));
		assert.ok(!r.json.path.startsWith(byCode.changan.path));
		const cg = await api(srv.base, 'GET', `/api/v1/orgs/${child.id}`, tok());
		assert.equal(cg.json.parent_id, created.id, 'the child keeps its parent');
		assert.ok(cg.json.path.startsWith(r.json.path), 'and moves along');
		created = r.json;
	});

	it('patch: moving an org under its own child (or itself) → 422, nothing moves', async () => {
		let r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, {
			...tok(), json: { parent_id: child.id },
		});
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'parent_id');
		r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, {
			...tok(), json: { parent_id: created.id },
		});
		assert.equal(r.status, 422);
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${created.id}`, tok());
		assert.equal(g.json.parent_id, byCode.sjz.id);
		assert.equal(g.json.path, created.path);
	});

	it('patch: a parent that does not exist → 422 field parent_id', async () => {
		const r = await api(srv.base, 'PATCH', `/api/v1/orgs/${created.id}`, {
			...tok(), json: { parent_id: 999999 },
		});
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'parent_id');
	});

	it('SQL and HTML meta-characters in names are stored literally and returned identical', async () => {
		const names = ["'; DROP TABLE orgs; --", '<script>alert(1)</script>', '"双引号" & \\反斜杠\\ %_通配'];
		for (const [i, name] of names.entries()) {
			const r = await createOrg({ code: `meta-${i}`, name, region_code: '130102', parent_id: byCode.changan.id });
			assert.equal(r.status, 201, r.text);
			assert.equal(r.json.name, name);
			const g = await api(srv.base, 'GET', `/api/v1/orgs/${r.json.id}`, tok());
			assert.equal(g.json.name, name);
		}
		/* the table is still there and LIKE wildcards in q match literally */
		const all = await listAll(srv.base, '/api/v1/orgs', tok());
		assert.ok(all.some((o) => o.name === "'; DROP TABLE orgs; --"));
		const q = await api(srv.base, 'GET', `/api/v1/orgs?q=${encodeURIComponent("'; DROP")}`, tok());
		assert.equal(q.status, 200);
		assert.deepEqual(q.json.items.map((o) => o.code), ['meta-0']);
	});

	it('HTML meta-characters are rendered escaped in /office/orgs/{id} (admin cookie)', async () => {
		const r = await createOrg({ code: 'meta-html', name: '<script>alert(1)</script><img src=x onerror=alert(2)>', region_code: '130102', parent_id: byCode.changan.id });
		assert.equal(r.status, 201);
		const page = await api(srv.base, 'GET', `/office/orgs/${r.json.id}`, { cookie: admin.cookie });
		assert.equal(page.status, 200);
		assert.match(page.headers.get('content-type'), /^text\/html/);
		assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped');
		assert.ok(!page.text.includes('<script>alert'), 'never raw');
		assert.ok(!page.text.includes('<img src=x'), 'never raw');
		const list = await api(srv.base, 'GET', '/office/orgs', { cookie: admin.cookie });
		assert.equal(list.status, 200);
		assert.ok(!list.text.includes('<script>alert'), 'list page escapes too');
	});
});

describe('organizations: CSRF (cookie-authenticated unsafe requests)', () => {
	let srv, admin, parent;
	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		parent = (await api(srv.base, 'GET', '/api/v1/orgs?q=changan-gov-office', { token: admin.token })).json.items[0];
	});
	after(async () => { await srv?.close(); });

	it('cookie POST without X-CSRF-Token → 403 csrf_failed and nothing is created', async () => {
		const json = { code: 'csrf-1', name: 'CSRF测试', region_code: '130102', parent_id: parent.id };
		let r = await api(srv.base, 'POST', '/api/v1/orgs', { cookie: admin.cookie, json });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'csrf_failed');
		r = await api(srv.base, 'POST', '/api/v1/orgs', { cookie: admin.cookie, csrf: 'A'.repeat(43), json });
		assert.equal(r.status, 403, 'a wrong token is refused');
		assert.equal(errorOf(r).code, 'csrf_failed');
		r = await api(srv.base, 'POST', '/api/v1/orgs', { cookie: admin.cookie, csrf: admin.csrf.slice(0, -1), json });
		assert.equal(r.status, 403, 'a truncated token is refused');
		const l = await api(srv.base, 'GET', '/api/v1/orgs?q=csrf-1', { token: admin.token });
		assert.equal(l.json.items.length, 0);
	});

	it('cookie PATCH without X-CSRF-Token → 403 csrf_failed and nothing changes', async () => {
		const r = await api(srv.base, 'PATCH', `/api/v1/orgs/${parent.id}`, {
			cookie: admin.cookie, json: { name: '被篡改' },
		});
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'csrf_failed');
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${parent.id}`, { token: admin.token });
		assert.equal(g.json.name, parent.name);
	});

	it('cookie DELETE /api/v1/session without X-CSRF-Token → 403 (no forced logout)', async () => {
		const r = await api(srv.base, 'DELETE', '/api/v1/session', { cookie: admin.cookie });
		assert.equal(r.status, 403);
		assert.equal((await api(srv.base, 'GET', '/api/v1/me', { cookie: admin.cookie })).status, 200);
	});

	it('cookie GET needs no CSRF token', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/orgs', { cookie: admin.cookie });
		assert.equal(r.status, 200);
	});

	it('cookie POST/PATCH with the session\'s X-CSRF-Token → work', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			cookie: admin.cookie, csrf: admin.csrf,
			json: { code: 'csrf-2', name: 'CSRF正确', region_code: '130102', parent_id: parent.id },
		});
		assert.equal(r.status, 201, r.text);
		const p = await api(srv.base, 'PATCH', `/api/v1/orgs/${r.json.id}`, {
			cookie: admin.cookie, csrf: admin.csrf, json: { name: 'CSRF改名' },
		});
		assert.equal(p.status, 200);
		assert.equal(p.json.name, 'CSRF改名');
	});

	it('the CSRF token of another session is refused', async () => {
		const other = await login(srv.base, 'admin', admin.password);
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			cookie: admin.cookie, csrf: other.csrf,
			json: { code: 'csrf-3', name: '跨会话', region_code: '130102', parent_id: parent.id },
		});
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'csrf_failed');
	});

	it('bearer-token requests need no CSRF token', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: admin.token,
			json: { code: 'csrf-4', name: '令牌请求', region_code: '130102', parent_id: parent.id },
		});
		assert.equal(r.status, 201, r.text);
	});

	it('a back-office form POST without csrf_token → 403, with it → accepted', async () => {
		const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
		/* every field of the edit form, as the browser sends it */
		const body = new URLSearchParams({
			code: parent.code, name: '表单改名', short_name: parent.short_name,
			uscc: parent.uscc || '', region_code: parent.region_code, kind: parent.kind,
			parent_id: String(parent.parent_id), status: parent.status,
		});
		let r = await api(srv.base, 'POST', `/office/orgs/${parent.id}`, { cookie: admin.cookie, headers: FORM, body: body.toString() });
		assert.equal(r.status, 403);
		let g = await api(srv.base, 'GET', `/api/v1/orgs/${parent.id}`, { token: admin.token });
		assert.equal(g.json.name, parent.name);
		body.set('csrf_token', admin.csrf);
		r = await api(srv.base, 'POST', `/office/orgs/${parent.id}`, { cookie: admin.cookie, headers: FORM, body: body.toString() });
		assert.ok(r.status === 303 || r.status === 200, `form accepted: ${r.status}`);
		g = await api(srv.base, 'GET', `/api/v1/orgs/${parent.id}`, { token: admin.token });
		assert.equal(g.json.name, '表单改名');
		assert.equal(g.json.parent_id, parent.parent_id);
		assert.equal(g.json.uscc, parent.uscc);
	});
});

describe('organizations: data scope and permissions', () => {
	let srv, admin, zhao, li, auditor, byCode = {}, inScope;
	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		for (const o of await listAll(srv.base, '/api/v1/orgs', { token: admin.token }))
			byCode[o.code] = o;
		/* a unit below zhao.lei's office, to see that org_tree reaches down */
		const r = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: admin.token,
			json: { code: 'changan-office-it', name: '长安区政府办信息科', region_code: '130102', parent_id: byCode['changan-gov-office'].id },
		});
		assert.equal(r.status, 201);
		inScope = r.json;
		zhao = await ready(srv.base, 'zhao.lei');
		li = await ready(srv.base, 'li.na');
		auditor = await ready(srv.base, 'auditor');
	});
	after(async () => { await srv?.close(); });

	it('a leader (data scope org_tree) lists only their own org and its subtree', async () => {
		assert.equal(zhao.user.data_scope, 'org_tree');
		const items = await listAll(srv.base, '/api/v1/orgs', { token: zhao.token });
		assert.deepEqual(items.map((o) => o.code).sort(), ['changan-gov-office', 'changan-office-it']);
	});

	it('an org outside the caller\'s data scope → 404 (not 403): zhao.lei cannot see 河北省发展和改革委员会', async () => {
		for (const code of ['hebei-drc', 'changan', 'sjz-gov-office', 'hebei']) {
			const r = await api(srv.base, 'GET', `/api/v1/orgs/${byCode[code].id}`, { token: zhao.token });
			assert.equal(r.status, 404, code);
			assert.equal(errorOf(r).code, 'not_found');
		}
		const own = await api(srv.base, 'GET', `/api/v1/orgs/${inScope.id}`, { token: zhao.token });
		assert.equal(own.status, 200);
	});

	it('a clerk (data scope org) sees only their own org', async () => {
		const items = await listAll(srv.base, '/api/v1/orgs', { token: li.token });
		assert.deepEqual(items.map((o) => o.code), ['sjz-gov-office']);
	});

	it('a clerk cannot create or change organizations → 403; nothing changes', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: li.token,
			json: { code: 'clerk-made', name: '越权', region_code: '130100', parent_id: byCode['sjz-gov-office'].id },
		});
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'forbidden');
		r = await api(srv.base, 'PATCH', `/api/v1/orgs/${byCode['sjz-gov-office'].id}`, {
			token: li.token, json: { name: '越权改名' },
		});
		assert.equal(r.status, 403);
		const l = await api(srv.base, 'GET', '/api/v1/orgs?q=clerk-made', { token: admin.token });
		assert.equal(l.json.items.length, 0);
		const g = await api(srv.base, 'GET', `/api/v1/orgs/${byCode['sjz-gov-office'].id}`, { token: admin.token });
		assert.equal(g.json.name, '石家庄市人民政府办公室');
	});

	it('等保 2.0 §8.1.4.3: the denial is in the audit log as access.denied (actor, path, permission, ip)', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/audit?action=access.denied&actor=li.na', { token: auditor.token });
		assert.equal(r.status, 200);
		const ev = r.json.items.find((e) => e.details.path === '/api/v1/orgs' && e.details.method === 'POST');
		assert.ok(ev, JSON.stringify(r.json.items));
		assert.equal(ev.actor_login, 'li.na');
		assert.equal(ev.result, 'failure');
		assert.equal(ev.details.permission, 'orgs.manage');
		assert.equal(ev.ip, '127.0.0.1');
	});
});
