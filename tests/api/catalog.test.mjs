/*
 * The information-resource catalog and sharing (standards.md §5):
 * catalog → 有条件共享 request → partial approval → an API client's
 * token → a lookup returns only the granted items (masked) → an item
 * outside the grant is refused and logged → the grant expires (clock
 * moved) → the citizen sees the read; denial with reasons; 不予共享
 * refused; an overdue reply flagged (10 working days, §5).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, ready, login, errorOf, listAll, NEW_PASSWORD }
    from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';	/* a Monday */
const LATER = '2026-03-22T09:00:00+08:00';	/* past the reply deadline and the grant */
const WANG = '130102198003150017';		/* 王建国, in the demo registry */

const enc = (s) => encodeURIComponent(s);

describe('catalog and sharing', () => {
	let srv, admin, zhao, sun, zhou, xu, wang, client, secret, token;
	const ids = {};
	const count = async (sql) => Number((await srv.sql(sql)).stdout.trim());
	const byName = async (s, name) => (await listAll(srv.base,
	    `/api/v1/catalog?q=${enc(name)}`, { token: s.token })).find((x) => x.name === name);
	const lookup = (tok, key, q = '') => api(srv.base, 'GET',
	    `/api/v1/registry/persons/${key}${q}`, { token: tok, headers: {
	    'X-Purpose': enc('办理社会救助，核验申请人身份'), 'X-Case-Ref': 'CA-2026-001' } });
	const logOf = async () => listAll(srv.base, '/api/v1/registry/access-log?limit=500',
	    { token: admin.token });

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'zheng.hui');	/* 数据管理员, catalog.manage, sjz-data */
		zhao = await ready(srv.base, 'zhao.lei');	/* 单位领导, 长安区人民政府办公室 */
		sun = await ready(srv.base, 'sun.li');		/* 办事人员, 长安区行政审批局 */
		zhou = await ready(srv.base, 'zhou.qiang');	/* 办事人员, 长安区民政局 (provider) */
		xu = await ready(srv.base, 'xu.tao');		/* 办事人员, 河北省市场监督管理局 */
		wang = await ready(srv.base, WANG);		/* the citizen */
	});
	after(async () => srv && srv.close());

	it('§5: the demo catalog lists the registries, browsable by department, class and type', async () => {
		const all = await listAll(srv.base, '/api/v1/catalog', { token: zhao.token });
		assert.equal(all.length, 27);
		const persons = all.find((x) => x.name === '人口基础信息');
		assert.equal(persons.code, '1010010001');
		assert.equal(persons.provider_name, '石家庄市数据和政务服务局');
		assert.equal(persons.share_type, 'conditional');
		assert.equal(persons.items_count, 10);
		assert.equal(all.find((x) => x.name === '法人基础信息').share_type, 'conditional');
		ids.persons = persons.id;
		const withheld = all.filter((x) => x.share_type === 'not_shared');
		assert.deepEqual(withheld.map((x) => x.name).sort(), ['在逃人员信息', '收养登记档案信息']);
		assert.ok(withheld.every((x) => x.legal_basis.length > 10));
		let r = await api(srv.base, 'GET', '/api/v1/catalog?org=sjz-psb', { token: zhao.token });
		assert.equal(r.json.items.length, 5);
		r = await api(srv.base, 'GET', '/api/v1/catalog?class=309', { token: zhao.token });
		assert.deepEqual(r.json.items.map((x) => x.name), ['婚姻登记信息',
		    '最低生活保障对象信息', '收养登记档案信息', '殡葬火化信息']);
		r = await api(srv.base, 'GET', '/api/v1/catalog?share_type=unconditional', { token: zhao.token });
		assert.equal(r.json.items.length, 9);
		r = await api(srv.base, 'GET', `/api/v1/catalog/${ids.persons}`, { token: zhao.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.published.items.map((x) => x.code), ['id_number', 'name',
		    'sex', 'birth_date', 'ethnicity', 'region_code', 'address', 'phone', 'status',
		    'clear_values']);
		assert.equal(r.json.published.provider_org_code, 'sjz-data');
		assert.equal(r.json.published.version, 1);
		assert.equal(r.json.draft, undefined);	/* not the provider */
	});

	it('§5 metadata: validation, provider drafts, administrator publishes versions', async () => {
		const entry = {
			code: '3080050001', class_code: '308005', name: '药品经营许可信息',
			abstract: '药品经营许可证的企业、范围和有效期。', format: '数据库',
			items: [{ code: 'license_no', name: '许可证编号', type: 'string', length: 20 },
			    { code: 'company', name: '企业名称', type: 'string', length: 100 }],
			share_type: 'not_shared', share_method: 'api', open_attr: 'open',
			update_cycle: 'daily',
		};
		const before = await count('SELECT COUNT(*) FROM catalog_resources');
		let r = await api(srv.base, 'POST', '/api/v1/catalog', { token: xu.token, json: entry });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'basis_required');
		r = await api(srv.base, 'POST', '/api/v1/catalog', { token: xu.token,
		    json: { ...entry, share_type: 'unconditional', code: '3080040001' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'bad_code');	/* code = class code + sequence */
		r = await api(srv.base, 'POST', '/api/v1/catalog', { token: xu.token,
		    json: { ...entry, share_type: 'unconditional', items: [{ code: 'A', name: 'x', type: 'string' }] } });
		assert.equal(errorOf(r).code, 'bad_item_code');
		assert.equal(await count('SELECT COUNT(*) FROM catalog_resources'), before);
		r = await api(srv.base, 'POST', '/api/v1/catalog', { token: xu.token,
		    json: { ...entry, share_type: 'unconditional' } });
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		assert.equal(r.json.status, 'draft');
		assert.equal(r.json.draft.provider_name, '河北省市场监督管理局');
		/* unpublished: invisible to other organizations */
		r = await api(srv.base, 'GET', `/api/v1/catalog/${id}`, { token: zhao.token });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', `/api/v1/catalog/${id}/submit`, { token: xu.token });
		assert.equal(r.json.status, 'pending');
		r = await api(srv.base, 'POST', `/api/v1/catalog/${id}/publish`, { token: xu.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/catalog/${id}/publish`, { token: admin.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.published_version, 1);
		assert.equal(r.json.published.publish_date, '2026-03-02');
		r = await api(srv.base, 'PUT', `/api/v1/catalog/${id}`, { token: xu.token,
		    json: { ...entry, share_type: 'unconditional', name: '药品经营许可证信息' } });
		assert.equal(r.json.status, 'draft');
		assert.equal(r.json.published.name, '药品经营许可信息');	/* v1 still shown */
		r = await api(srv.base, 'POST', `/api/v1/catalog/${id}/publish`, { token: admin.token });
		assert.equal(r.json.published_version, 2);
		assert.deepEqual(r.json.versions.map((v) => v.version), [2, 1]);
		r = await api(srv.base, 'GET', `/api/v1/catalog/${id}/versions/1`, { token: zhao.token });
		assert.equal(r.json.name, '药品经营许可信息');
		r = await api(srv.base, 'GET', `/api/v1/catalog/${id}/versions/2`, { token: zhao.token });
		assert.equal(r.json.name, '药品经营许可证信息');
		/* another organization cannot edit it */
		r = await api(srv.base, 'PUT', `/api/v1/catalog/${id}`, { token: sun.token,
		    json: { ...entry, share_type: 'unconditional' } });
		assert.equal(r.status, 403);
	});

	it('§5: a request for a 不予共享 resource is refused and nothing is recorded', async () => {
		const res = await byName(zhao, '在逃人员信息');
		const before = await count('SELECT COUNT(*) FROM share_requests');
		const r = await api(srv.base, 'POST', '/api/v1/share-requests', { token: zhao.token,
		    json: { resource_id: res.id, items: ['name'], purpose: '核查', legal_basis: '无',
		    period_end: '2026-12-31' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'not_shareable');
		assert.equal(await count('SELECT COUNT(*) FROM share_requests'), before);
	});

	it('API clients: the leader registers one; only the hash of the secret is kept', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/api-clients', { token: sun.token,
		    json: { name: '社会救助系统' } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/api-clients', { token: zhao.token,
		    json: { name: '长安区社会救助信息系统' } });
		assert.equal(r.status, 201, r.text);
		client = r.json.client_id;
		secret = r.json.client_secret;
		assert.match(client, /^zwc_[0-9a-f]{16}$/);
		assert.ok(secret.length >= 40);
		assert.equal(await count(`SELECT COUNT(*) FROM api_clients WHERE secret_hash = '${secret}'`), 0);
		assert.equal(await count(`SELECT COUNT(*) FROM api_clients WHERE client_key = '${client}'`), 1);
		r = await api(srv.base, 'POST', '/api/v1/api-clients/token', {
		    json: { client_id: client, client_secret: secret + 'x' } });
		assert.equal(r.status, 401);
		assert.equal(errorOf(r).code, 'bad_credentials');
	});

	it('有条件共享: request, partial approval with expiry, lookups see only granted items (masked)', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/share-requests', { token: zhao.token,
		    json: { resource_id: ids.persons, items: ['name', 'id_number', 'address', 'region_code'],
		    purpose: '社会救助对象身份核验', legal_basis: '《社会救助暂行办法》第六十条',
		    period_end: '2026-12-31', client_id: client } });
		assert.equal(r.status, 201, r.text);
		ids.req = r.json.id;
		assert.equal(r.json.status, 'pending');
		assert.equal(r.json.due_on, '2026-03-16');	/* 10 working days */
		assert.equal(r.json.overdue, false);
		assert.equal(r.json.client_name, '长安区社会救助信息系统');
		/* an item the resource does not have */
		r = await api(srv.base, 'POST', '/api/v1/share-requests', { token: zhao.token,
		    json: { resource_id: ids.persons, items: ['salary'], purpose: 'x', legal_basis: 'y',
		    period_end: '2026-12-31' } });
		assert.equal(errorOf(r).code, 'unknown_item');
		/* not the provider: cannot answer */
		r = await api(srv.base, 'POST', `/api/v1/share-requests/${ids.req}/approve`, {
		    token: sun.token, json: {} });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/share-requests/${ids.req}/approve`, {
		    token: admin.token, json: { items: ['name', 'phone'] } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'item_not_requested');
		r = await api(srv.base, 'POST', `/api/v1/share-requests/${ids.req}/approve`, {
		    token: admin.token, json: { items: ['name', 'id_number'], expires_on: '2026-03-20' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'partial');
		assert.equal(r.json.granted_items, ',name,id_number,');
		r = await api(srv.base, 'POST', `/api/v1/share-requests/${ids.req}/approve`, {
		    token: admin.token, json: {} });
		assert.equal(r.status, 409);

		r = await api(srv.base, 'POST', '/api/v1/api-clients/token', {
		    json: { client_id: client, client_secret: secret } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.token_type, 'Bearer');
		token = r.json.access_token;
		r = await lookup(token, WANG);
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, { registry: 'persons', id_number: '1301**********0017',
		    name: '王建国', version: 1, updated_at: r.json.updated_at, masked: true });
		/* the client may call nothing else */
		r = await api(srv.base, 'GET', '/api/v1/catalog', { token });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'client_forbidden');
		/* the grant is the client's, not the whole organization's */
		r = await lookup(zhao.token, WANG);
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'not_granted');
	});

	it('an item outside the grant is refused (403 not_granted) and still logged', async () => {
		const before = (await logOf()).length;
		let r = await lookup(token, WANG, '?items=name,address');
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'not_granted');
		r = await lookup(token, WANG, '?items=clear_values');
		assert.equal(r.status, 403);
		r = await lookup(token, WANG, '?items=name');
		assert.equal(r.status, 200);
		assert.deepEqual(Object.keys(r.json).sort(), ['masked', 'name', 'registry', 'updated_at', 'version']);
		const log = await logOf();
		assert.equal(log.length, before + 3);
		assert.deepEqual(log.slice(0, 3).map((x) => [x.actor_login, x.client, x.org_name,
		    x.result, x.reason, x.items]), [
			[client, client, '长安区人民政府办公室', 'ok', '', 'name'],
			[client, client, '长安区人民政府办公室', 'denied', 'not_granted', ''],
			[client, client, '长安区人民政府办公室', 'denied', 'not_granted', ''],
		]);
	});

	it('the citizen sees the reads of their record', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/me/data-access-log', { token: wang.token });
		assert.equal(r.status, 200);
		const mine = r.json.items.filter((x) => x.org_name === '长安区人民政府办公室');
		assert.equal(mine.length, 2);
		assert.deepEqual(mine[0].items, ['姓名']);
		assert.deepEqual(mine[1].items, ['公民身份号码', '姓名']);
		assert.equal(mine[1].purpose, '办理社会救助，核验申请人身份');
		assert.equal(mine[1].case_ref, 'CA-2026-001');
	});

	it('§5: the provider denies with reasons; a reason is required', async () => {
		const res = await byName(sun, '婚姻登记信息');
		let r = await api(srv.base, 'POST', '/api/v1/share-requests', { token: sun.token,
		    json: { resource_id: res.id, items: ['name', 'marital_event'], purpose: '核验婚姻状况',
		    legal_basis: '《不动产登记暂行条例》', period_end: '2026-06-30' } });
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		r = await api(srv.base, 'POST', `/api/v1/share-requests/${id}/deny`, {
		    token: zhou.token, json: {} });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'reason_required');
		r = await api(srv.base, 'GET', `/api/v1/share-requests/${id}`, { token: sun.token });
		assert.equal(r.json.status, 'pending');
		r = await api(srv.base, 'POST', `/api/v1/share-requests/${id}/deny`, {
		    token: zhou.token, json: { reason: '申请依据与婚姻登记信息的使用无关，请补充法定依据' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'denied');
		assert.equal(r.json.answer_reason, '申请依据与婚姻登记信息的使用无关，请补充法定依据');
		assert.equal(await count(`SELECT COUNT(*) FROM share_grants WHERE request_id = ${id}`), 0);
		/* a request nobody answers: 户籍人口信息 of 市公安局 */
		const hh = await byName(sun, '户籍人口信息');
		r = await api(srv.base, 'POST', '/api/v1/share-requests', { token: sun.token,
		    json: { resource_id: hh.id, items: ['name'], purpose: '核验户籍',
		    legal_basis: '《户口登记条例》', period_end: '2026-12-31' } });
		assert.equal(r.status, 201);
		ids.pending = r.json.id;
	});

	it('信息共享率 (§5): shared types over catalogued resources; answers on time', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/sharing/indicators', { token: zhao.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.overall, { catalogued: 28, shared: 26, unconditional: 10,
		    conditional: 16, not_shared: 2, share_rate_permille: 929 });
		const psb = r.json.departments.find((d) => d.org_name === '石家庄市公安局');
		assert.deepEqual([psb.catalogued, psb.shared, psb.share_rate_permille], [5, 4, 800]);
		assert.deepEqual(r.json.requests, { answered: 6, answered_on_time: 6, pending: 1,
		    overdue: 0, on_time_rate_permille: 1000 });
		const calls = r.json.calls.find((c) => c.name === '人口基础信息');
		assert.ok(calls.calls >= 5 && calls.denied >= 3);
	});

	it('the grant expires and the reply deadline passes (clock moved)', async () => {
		await srv.restart({ now: LATER });
		admin = await login(srv.base, 'zheng.hui', NEW_PASSWORD);
		sun = await login(srv.base, 'sun.li', NEW_PASSWORD);
		let r = await api(srv.base, 'POST', '/api/v1/api-clients/token', {
		    json: { client_id: client, client_secret: secret } });
		token = r.json.access_token;
		const before = (await logOf()).length;
		r = await lookup(token, WANG);
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'grant_expired');
		const log = await logOf();
		assert.equal(log.length, before + 1);
		assert.equal(log[0].reason, 'grant_expired');
		/* the unanswered request is overdue, in the lists and the counts */
		r = await api(srv.base, 'GET', '/api/v1/share-requests?box=outgoing', { token: sun.token });
		const p = r.json.items.find((x) => x.id === ids.pending);
		assert.equal(p.overdue, true);
		assert.equal(r.json.items.find((x) => x.status === 'denied').overdue, false);
		r = await api(srv.base, 'GET', '/api/v1/sharing/indicators', { token: sun.token });
		assert.equal(r.json.requests.overdue, 1);
		/* the grant is listed, no longer live */
		r = await api(srv.base, 'GET', '/api/v1/grants', { token: admin.token });
		const g = r.json.items.find((x) => x.request_id === ids.req);
		assert.equal(g.live, false);
		assert.equal(g.items, ',name,id_number,');
	});

	it('office pages: catalog browser, resource, queue, approval screen, grants, indicators', async () => {
		const s = await login(srv.base, 'zheng.hui', NEW_PASSWORD);
		let r = await api(srv.base, 'GET', '/office/catalog?org=changan-civil', { cookie: s.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /婚姻登记信息/);
		assert.match(r.text, /收养登记档案信息/);
		assert.match(r.text, /收养登记档案管理暂行办法/);	/* the basis is listed */
		assert.ok(!r.text.includes('人口基础信息'));
		r = await api(srv.base, 'GET', `/office/catalog/${ids.persons}`, { cookie: s.cookie });
		assert.match(r.text, /长安区人民政府办公室/);
		assert.match(r.text, /公民身份号码和联系电话明文/);
		r = await api(srv.base, 'GET', `/office/catalog/${ids.persons}/versions/1`, { cookie: s.cookie });
		assert.match(r.text, /人口基础信息（第1版）/);
		r = await api(srv.base, 'GET', `/office/share-requests/${ids.pending}`, { cookie: s.cookie });
		assert.match(r.text, /逾期/);
		assert.match(r.text, /同意共享/);
		/* approving with no item re-renders with a message, changes nothing */
		r = await api(srv.base, 'POST', `/office/share-requests/${ids.pending}/approve`, {
		    cookie: s.cookie, body: new URLSearchParams({ csrf_token: s.csrf }).toString(),
		    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 422);
		assert.match(r.text, /请至少勾选一个/);
		assert.equal(await count(`SELECT COUNT(*) FROM share_requests WHERE id = ${ids.pending} AND status = 'pending'`), 1);
		r = await api(srv.base, 'GET', '/office/share-requests', { cookie: s.cookie });
		assert.match(r.text, /户籍人口信息/);
		r = await api(srv.base, 'GET', '/office/grants', { cookie: s.cookie });
		assert.match(r.text, /已失效/);
		r = await api(srv.base, 'GET', '/office/sharing', { cookie: s.cookie });
		assert.match(r.text, /92\.9%/);
		r = await api(srv.base, 'GET', '/office/catalog/new', { cookie: s.cookie });
		assert.match(r.text, /编制信息资源目录/);
	});

	it('the provider revokes a grant (reason required) and the organization disables its client', async () => {
		const zhaoS = await login(srv.base, 'zhao.lei', NEW_PASSWORD);
		let r = await api(srv.base, 'GET', '/api/v1/grants', { token: admin.token });
		const g = r.json.items.find((x) => x.request_id === ids.req);
		assert.equal(g.status, 'active');
		/* the consumer may not revoke; the provider needs a reason */
		r = await api(srv.base, 'POST', `/api/v1/grants/${g.id}/revoke`, { token: zhaoS.token,
		    json: { reason: '不再需要' } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/grants/${g.id}/revoke`, { token: admin.token, json: {} });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'reason_required');
		assert.equal(await count(`SELECT COUNT(*) FROM share_grants WHERE id = ${g.id} AND status = 'active'`), 1);
		r = await api(srv.base, 'POST', `/api/v1/grants/${g.id}/revoke`, { token: admin.token,
		    json: { reason: '使用单位超范围使用，暂停共享' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'revoked');
		r = await api(srv.base, 'POST', `/api/v1/grants/${g.id}/revoke`, { token: admin.token,
		    json: { reason: '再次' } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_revoked');
		assert.equal(await count("SELECT COUNT(*) FROM audit_events WHERE action = 'share.revoke'"), 1);
		r = await api(srv.base, 'GET', '/api/v1/grants', { token: admin.token });
		assert.equal(r.json.items.find((x) => x.id === g.id).live, false);
		/* lookups under it are refused */
		r = await api(srv.base, 'POST', '/api/v1/api-clients/token', {
		    json: { client_id: client, client_secret: secret } });
		assert.equal(r.status, 200, r.text);
		const tok = r.json.access_token;
		r = await lookup(tok, WANG);
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'not_granted');
		/* disabling the client ends its tokens and its logins */
		const list = await api(srv.base, 'GET', '/api/v1/api-clients', { token: zhaoS.token });
		const k = list.json.items.find((x) => x.client_id === client);
		r = await api(srv.base, 'POST', `/api/v1/api-clients/${k.id}/disable`, { token: sun.token });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/api-clients/${k.id}/disable`, { token: zhaoS.token });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/api-clients/${k.id}/disable`, { token: zhaoS.token });
		assert.equal(r.status, 404);
		r = await lookup(tok, WANG);
		assert.equal(r.status, 401);
		r = await api(srv.base, 'POST', '/api/v1/api-clients/token', {
		    json: { client_id: client, client_secret: secret } });
		assert.equal(r.status, 401);
	});
});
