// items.test.mjs -- service items (政务服务事项, standards.md §3.2) over
// HTTP: the public catalog without login, creation and new versions by
// the leader of 石家庄市行政审批局, refused inputs that change nothing,
// another department's staff kept out, withdrawal, 网上咨询 (questions
// asked by a logged-in staff user, answered by the item's department,
// published as FAQ), blank form download and the pages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { api, errorOf, listAll, ready, startServer } from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

describe('service items', () => {
	let srv, admin, wang, liu, zhang, lina, sun;
	const orgs = {};	/* code -> id */
	const demo = {};	/* name -> code */
	const CODE = 'SJZ-TEST-0001';

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		for (const o of await listAll(srv.base, '/api/v1/orgs', { token: admin.token }))
			orgs[o.code] = o.id;
		wang = await ready(srv.base, 'wang.fang');	// leader, 石家庄市行政审批局
		liu = await ready(srv.base, 'liu.yang');	// clerk, 石家庄市行政审批局
		zhang = await ready(srv.base, 'zhang.wei');	// leader, 石家庄市人民政府办公室
		lina = await ready(srv.base, 'li.na');		// clerk, 石家庄市人民政府办公室
		sun = await ready(srv.base, 'sun.li');		// clerk, 长安区行政审批局
		for (const it of await listAll(srv.base, '/api/v1/items'))
			demo[it.name] = it.code;
	});
	after(async () => { await srv?.close(); });

	function item(over = {}) {
		return {
			code: CODE, name: '食品小作坊登记', item_type: '行政许可',
			org_id: orgs['sjz-approval'], legal_days: 20, promised_days: 10,
			conditions: '具有符合要求的生产加工场所。',
			legal_basis: [{ law: '河北省食品小作坊小餐饮小摊点管理条例', article: '第十条',
				text: '食品小作坊实行登记管理。' }],
			materials: [
				{ name: '登记申请书', required: true, originals: 1, copies: 0, form: '纸质或电子' },
				{ name: '营业执照', required: true, originals: 0, copies: 1, form: '电子', registry: 'legal_person' },
			],
			fees: [{ name: '登记', amount: 0, basis: '不收费' }],
			fields: [
				{ name: 'workshop', label: '作坊名称', type: 'text', required: true, max: 50 },
				{ name: 'operator_id', label: '经营者身份证号码', type: 'id_number', required: true },
				{ name: 'uscc', label: '统一社会信用代码', type: 'uscc' },
				{ name: 'region', label: '所在地区', type: 'region', required: true },
				{ name: 'kind', label: '类别', type: 'choice', options: ['糕点', '酱腌菜'] },
				{ name: 'opened', label: '开业日期', type: 'date' },
			],
			online: true, online_depth: '四级', visits: 0,
			windows: '市民服务中心二楼 21号窗口', hours: '工作日 9:00-17:00',
			topics: ['准营准办'], audience: 'enterprise',
			...over,
		};
	}
	const post = (s, json) => api(srv.base, 'POST', '/api/v1/items', { token: s.token, json });
	const count = async () => (await listAll(srv.base, '/api/v1/items')).length;

	it('the catalog is public: 13 demo items, each with its url and summary', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/items?limit=500');
		assert.equal(r.status, 200);
		assert.equal(r.json.items.length, 13);
		assert.equal(r.json.next_cursor, null);
		for (const it of r.json.items) {
			assert.equal(it.url, '/services/' + it.code);
			assert.equal(it.status, 'published');
			assert.ok(it.promised_days <= it.legal_days, it.name);
		}
		const food = r.json.items.find((x) => x.name === '食品经营许可');
		assert.equal(food.org_name, '石家庄市行政审批局');
		assert.equal(food.code.length, 31, '实施编码 shape of §3.2');
		const instant = r.json.items.filter((x) => x.handling_kind === '即办件');
		assert.ok(instant.length >= 2);
		for (const x of instant)
			assert.equal(x.promised_days, 0);
		assert.ok(r.json.items.filter((x) => x.joint).length >= 1);
	});

	it('catalog filters: topic, audience, org, type, name; paging; bad filters 400', async () => {
		const q = async (p) => (await api(srv.base, 'GET', '/api/v1/items?' + p)).json.items;
		assert.deepEqual((await q('topic=' + encodeURIComponent('婚姻登记'))).map((x) => x.name).sort(),
		    ['内地居民结婚登记', '婚姻登记档案查询'].sort());
		assert.equal((await q('org_id=' + orgs['changan-civil'])).length, 2);
		assert.equal((await q('item_type=' + encodeURIComponent('公共服务'))).length, 1);
		const persons = await q('audience=person');
		assert.ok(persons.every((x) => x.audience === 'person' || x.audience === 'both'));
		assert.ok(persons.some((x) => x.name === '个体工商户设立登记'));
		assert.ok(!persons.some((x) => x.name === '食品经营许可'));
		const named = await q('q=' + encodeURIComponent('排水'));
		assert.deepEqual(named.map((x) => x.name), ['城镇污水排入排水管网许可']);
		assert.equal((await q('q=' + encodeURIComponent('%'))).length, 0);

		const pages = [];
		let cursor = null;
		do {
			const r = await api(srv.base, 'GET', '/api/v1/items?limit=5' + (cursor ? '&cursor=' + cursor : ''));
			assert.equal(r.status, 200);
			pages.push(...r.json.items.map((x) => x.code));
			cursor = r.json.next_cursor;
		} while (cursor);
		assert.equal(pages.length, 13);
		assert.equal(new Set(pages).size, 13);

		for (const [p, code] of [['topic=x', 'invalid_topic'], ['item_type=x', 'invalid_item_type'],
			['org_id=abc', 'invalid_org_id'], ['audience=aliens', 'invalid_audience'],
			['limit=0', 'invalid_limit']]) {
			const r = await api(srv.base, 'GET', '/api/v1/items?' + p);
			assert.equal(r.status, 400, p);
			assert.equal(errorOf(r).code, code);
		}
		const w = await api(srv.base, 'GET', '/api/v1/items?status=withdrawn');
		assert.equal(w.status, 403);
	});

	it('an item is public with its full guide: joint departments, materials from registries', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/items/' + demo['娱乐场所经营许可']);
		assert.equal(r.status, 200);
		assert.equal(r.json.joint, true);
		assert.equal(r.json.co_orgs.length, 1);
		assert.equal(r.json.co_orgs[0].org_name, '石家庄市公安局');
		assert.ok(r.json.co_orgs[0].days <= 45 && r.json.legal_days <= 45);
		assert.ok(r.json.legal_basis.some((b) => b.law === '娱乐场所管理条例'));
		assert.ok(r.json.materials.some((m) => m.registry === 'legal_person'));
		assert.equal(r.json.materials[0].code, r.json.code + '001');
		const nf = await api(srv.base, 'GET', '/api/v1/items/NO-SUCH-ITEM');
		assert.equal(nf.status, 404);
		errorOf(nf);
	});

	it('the leader of 石家庄市行政审批局 creates an item (version 1)', async () => {
		const r = await post(wang, item());
		assert.equal(r.status, 201, r.text);
		assert.equal(r.headers.get('location'), '/api/v1/items/' + CODE);
		assert.equal(r.json.version, 1);
		assert.equal(r.json.url, '/services/' + CODE);
		assert.equal(r.json.org_name, '石家庄市行政审批局');
		assert.equal(r.json.handling_kind, '承诺件');
		assert.equal(r.json.fees[0].amount, '0.00');
		const pub = await api(srv.base, 'GET', '/api/v1/items/' + CODE);
		assert.equal(pub.status, 200);
		assert.equal(pub.json.name, '食品小作坊登记');
		assert.equal(await count(), 14);
	});

	it('refused inputs: the right status and code, and nothing changes', async () => {
		const cases = [
			[item({ promised_days: 21 }), 422, 'promised_exceeds_legal', 'promised_days'],
			[item({ handling_kind: '即办件' }), 422, 'instant_promised_days', 'promised_days'],
			[item({ legal_days: 0 }), 422, 'out_of_range', 'legal_days'],
			[item({ legal_days: 366, promised_days: 1 }), 422, 'out_of_range', 'legal_days'],
			[item({ item_type: '行政处罚' }), 422, 'invalid_item_type', 'item_type'],
			[item({ legal_basis: [] }), 422, 'legal_basis_required', 'legal_basis'],
			[item({ co_orgs: [{ org_id: orgs['sjz-psb'], days: 10 }], legal_days: 46, promised_days: 40 }),
			    422, 'joint_exceeds_45', 'legal_days'],
			[item({ joint: true }), 422, 'co_orgs_required', 'co_orgs'],
			[item({ co_orgs: [{ org_id: orgs['sjz-approval'], days: 10 }] }), 422, 'co_org_is_lead', 'co_orgs[0].org_id'],
			[item({ fields: [{ name: 'Bad Name', label: 'x', type: 'text' }] }), 422, 'invalid_field_name', 'fields[0].name'],
			[item({ fields: [{ name: 'k', label: '类别', type: 'choice' }] }), 422, 'options_required', 'fields[0].options'],
			[item({ forms: [{ name: '申请表', file_id: 987654 }] }), 422, 'file_not_found', 'forms[0].file_id'],
			[item({ org_name: 'x' }), 400, 'unknown_field', 'org_name'],
			[item({ legal_days: '20' }), 400, 'wrong_type', 'legal_days'],
			[item({ materials: [{ name: '申请书', colour: 'red' }] }), 400, 'unknown_field', 'materials[0].colour'],
			[item({ code: 'bad code!' }), 422, 'invalid_code', 'code'],
		];
		const before = await api(srv.base, 'GET', '/api/v1/items/' + CODE + '/versions');
		for (const [body, status, code, field] of cases) {
			const variants = code === 'invalid_code' ? [body] : [body, { ...body, code: 'SJZ-TEST-NEW' }];
			for (const c of variants) {
				const r = await post(wang, c);
				assert.equal(r.status, status, `${code}: ${r.text}`);
				const e = errorOf(r);
				assert.equal(e.code, code);
				assert.equal(e.field, field);
				assert.match(e.message, /[\u4e00-\u9fff]/);
			}
		}
		const bad = await api(srv.base, 'POST', '/api/v1/items', { token: wang.token,
			body: '[1]', headers: { 'Content-Type': 'application/json' } });
		assert.equal(bad.status, 400);
		const afterV = await api(srv.base, 'GET', '/api/v1/items/' + CODE + '/versions');
		assert.deepEqual(afterV.json, before.json);
		assert.equal((await api(srv.base, 'GET', '/api/v1/items/SJZ-TEST-NEW')).status, 404);
		assert.equal(await count(), 14);
	});

	it('saving the code again makes version 2; version 1 stays readable', async () => {
		const r = await post(wang, item({ name: '食品小作坊登记（新办）', promised_days: 5 }));
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.version, 2);
		const cur = await api(srv.base, 'GET', '/api/v1/items/' + CODE);
		assert.equal(cur.json.version, 2);
		assert.equal(cur.json.promised_days, 5);
		const old = await api(srv.base, 'GET', '/api/v1/items/' + CODE + '?version=1');
		assert.equal(old.status, 200);
		assert.equal(old.json.version, 1);
		assert.equal(old.json.promised_days, 10);
		assert.equal(old.json.name, '食品小作坊登记');
		assert.notEqual(old.json.version_id, cur.json.version_id);
		const v = await api(srv.base, 'GET', '/api/v1/items/' + CODE + '/versions');
		assert.deepEqual(v.json.items.map((x) => [x.version, x.current]), [[2, true], [1, false]]);
		assert.equal(v.json.items[0].created_by_name, '王芳');
		assert.equal((await api(srv.base, 'GET', '/api/v1/items/' + CODE + '?version=3')).status, 404);
		assert.equal((await api(srv.base, 'GET', '/api/v1/items/' + CODE + '?version=x')).status, 400);
		assert.equal(await count(), 14);
	});

	it('staff of another department cannot create for or take over 石家庄市行政审批局 items', async () => {
		const before = await api(srv.base, 'GET', '/api/v1/items/' + CODE);
		let r = await post(zhang, item({ code: 'SJZ-TEST-X' }));
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'org_not_found');
		r = await post(zhang, item({ org_id: orgs['sjz-gov-office'] }));
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'item_of_other_org');
		r = await post(lina, item());		// a clerk: no items.manage
		assert.equal(r.status, 403);
		r = await post(sun, item({ code: 'SJZ-TEST-X' }));
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/items', { json: item() });	// no login
		assert.equal(r.status, 401);
		r = await api(srv.base, 'POST', `/api/v1/items/${CODE}/withdraw`, { token: zhang.token });
		assert.equal(r.status, 403);
		const afterI = await api(srv.base, 'GET', '/api/v1/items/' + CODE);
		assert.deepEqual(afterI.json, before.json);
		assert.equal((await api(srv.base, 'GET', '/api/v1/items/SJZ-TEST-X')).status, 404);
	});

	it('withdraw hides the item from the public; its manager still sees it; publish brings it back', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/items/${CODE}/withdraw`, { token: wang.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'withdrawn');
		assert.equal((await api(srv.base, 'GET', '/api/v1/items/' + CODE)).status, 404);
		assert.equal((await api(srv.base, 'GET', '/api/v1/items/' + CODE, { token: liu.token })).status, 404);
		assert.equal((await api(srv.base, 'GET', '/services/' + CODE)).status, 404);
		assert.equal(await count(), 13);
		const mine = await api(srv.base, 'GET', '/api/v1/items/' + CODE, { token: wang.token });
		assert.equal(mine.status, 200);
		assert.equal(mine.json.status, 'withdrawn');
		const list = await api(srv.base, 'GET', '/api/v1/items?status=withdrawn', { token: wang.token });
		assert.deepEqual(list.json.items.map((x) => x.code), [CODE]);
		r = await api(srv.base, 'POST', `/api/v1/items/${CODE}/withdraw`, { token: wang.token });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'already_withdrawn');
		r = await api(srv.base, 'POST', `/api/v1/items/${CODE}/questions`, { token: lina.token,
			json: { question: '还受理吗？' } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', `/api/v1/items/${CODE}/publish`, { token: wang.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.status, 'published');
		assert.equal(r.json.version, 2);
		assert.equal(await count(), 14);
	});

	it('网上咨询: asked by a logged-in user, answered by the department, published as FAQ', async () => {
		const food = demo['食品经营许可'];
		const faq0 = (await api(srv.base, 'GET', `/api/v1/items/${food}/questions`)).json.items;
		assert.equal(faq0.length, 1, 'the demo FAQ');
		assert.equal(faq0[0].asker_name, undefined);

		let r = await api(srv.base, 'POST', `/api/v1/items/${food}/questions`, { json: { question: '匿名？' } });
		assert.equal(r.status, 401);
		r = await api(srv.base, 'POST', `/api/v1/items/${food}/questions`, { token: lina.token,
			json: { question: '问'.repeat(1001) } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'too_long');
		r = await api(srv.base, 'POST', `/api/v1/items/${food}/questions`, { token: lina.token,
			json: { question: '问', extra: 1 } });
		assert.equal(r.status, 400);
		r = await api(srv.base, 'POST', `/api/v1/items/${food}/questions`, { token: lina.token,
			json: { question: '  ' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/items/${food}/questions`, { token: lina.token,
			json: { question: '餐饮店面积不足50平方米能否申请？' } });
		assert.equal(r.status, 201, r.text);
		const qid = r.json.id;
		assert.equal(r.json.status, 'unanswered');

		// the public does not see it; the asker and the department do
		let pub = (await api(srv.base, 'GET', `/api/v1/items/${food}/questions`)).json.items;
		assert.ok(!pub.some((x) => x.id === qid));
		const own = (await api(srv.base, 'GET', `/api/v1/items/${food}/questions`, { token: lina.token })).json.items;
		assert.ok(own.some((x) => x.id === qid));
		const staff = (await api(srv.base, 'GET', `/api/v1/items/${food}/questions`, { token: liu.token })).json.items;
		assert.equal(staff.find((x) => x.id === qid).asker_name, '李娜');
		const todo = await api(srv.base, 'GET', '/api/v1/questions?status=unanswered', { token: liu.token });
		assert.equal(todo.status, 200);
		assert.ok(todo.json.items.some((x) => x.id === qid && x.item_code === food));
		const otherTodo = await api(srv.base, 'GET', '/api/v1/questions?status=unanswered', { token: sun.token });
		assert.ok(!otherTodo.json.items.some((x) => x.id === qid));
		assert.equal((await api(srv.base, 'GET', '/api/v1/questions?status=x', { token: liu.token })).status, 400);
		assert.equal((await api(srv.base, 'GET', '/api/v1/questions', { token: admin.token })).status, 403);

		// another department cannot answer: 404, nothing changes
		r = await api(srv.base, 'POST', `/api/v1/questions/${qid}/answer`, { token: sun.token,
			json: { answer: '可以', publish: true } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', `/api/v1/questions/${qid}/answer`, { token: liu.token,
			json: { answer: '', publish: true } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/questions/${qid}/answer`, { token: liu.token,
			json: { answer: '可以', publish: 'yes' } });
		assert.equal(r.status, 400);
		pub = (await api(srv.base, 'GET', `/api/v1/items/${food}/questions`)).json.items;
		assert.equal(pub.length, 1);

		r = await api(srv.base, 'POST', `/api/v1/questions/${qid}/answer`, { token: liu.token,
			json: { answer: '经营场所面积应与经营项目相适应，可以申请。', publish: true } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'answered');
		assert.equal(r.json.answered_by_name, '刘洋');
		pub = (await api(srv.base, 'GET', `/api/v1/items/${food}/questions`)).json.items;
		assert.equal(pub.length, 2);
		const faq = pub.find((x) => x.id === qid);
		assert.equal(faq.answer, '经营场所面积应与经营项目相适应，可以申请。');
		assert.equal(faq.asker_name, undefined);
		assert.equal(faq.published, true);
		const left = await api(srv.base, 'GET', '/api/v1/questions?status=unanswered', { token: liu.token });
		assert.ok(!left.json.items.some((x) => x.id === qid));
	});

	it('pages: the catalog, the guide with its 在线申请 link, a blank form for download', async () => {
		let r = await api(srv.base, 'GET', '/services');
		assert.equal(r.status, 200);
		assert.match(r.text, /食品经营许可/);
		assert.match(r.text, /生育收养/);
		assert.match(r.text, /设立变更/);
		r = await api(srv.base, 'GET', '/services?topic=' + encodeURIComponent('婚姻登记'));
		assert.match(r.text, /内地居民结婚登记/);
		assert.doesNotMatch(r.text, /食品经营许可<\/a>/);
		r = await api(srv.base, 'GET', '/services?q=' + encodeURIComponent('排水'));
		assert.match(r.text, /城镇污水排入排水管网许可/);
		const food = demo['食品经营许可'];
		r = await api(srv.base, 'GET', '/services/' + food);
		assert.equal(r.status, 200);
		for (const s of ['法定办结时限', '10个工作日', '承诺办结时限', '5个工作日', '承诺件', '中华人民共和国食品安全法',
			'第三十五条', '可由平台调取（法人库）', '不收费', '四级（全程网办）', '21-26号窗口', '网上咨询',
			`href="/services/${food}/apply"`, `href="/services/${food}/forms/1"`])
			assert.ok(r.text.includes(s), s);
		r = await api(srv.base, 'GET', `/services/${food}/forms/1`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/plain/);
		assert.match(r.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''/);
		assert.match(r.text, /食品经营许可申请书/);
		assert.equal((await api(srv.base, 'GET', `/services/${food}/forms/2`)).status, 404);
		assert.equal((await api(srv.base, 'GET', `/services/${food}/forms/0`)).status, 404);
		r = await api(srv.base, 'GET', '/office/items');
		assert.equal(r.status, 303);
		r = await api(srv.base, 'GET', '/office/items', { cookie: wang.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /食品经营许可/);
		r = await api(srv.base, 'GET', '/office/items', { cookie: lina.cookie });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'GET', '/office/questions', { cookie: liu.cookie });
		assert.equal(r.status, 200);
	});

	it('the item form: a bad line is refused with its line number and changes nothing; a good one is a new version', async () => {
		const form = (over) => new URLSearchParams({
			csrf_token: wang.csrf, name: '食品小作坊登记（新办）', item_type: '行政许可',
			org_id: String(orgs['sjz-approval']), legal_days: '20', promised_days: '5',
			handling_kind: '', audience: 'enterprise', conditions: '具有符合要求的场所。',
			legal_basis_text: '河北省食品小作坊小餐饮小摊点管理条例|第十条|食品小作坊实行登记管理。',
			materials_text: '登记申请书|是|1|0|纸质或电子|\n营业执照|是|x|1|电子|法人库',
			fees_text: '', fields_text: 'workshop|作坊名称|文本|是|50\nkind|类别|选择|否|糕点、酱腌菜',
			co_orgs_text: '', forms_text: '', online: '1', online_depth: '四级', visits: '0',
			windows: '21号窗口', hours: '工作日', ...over,
		}).toString();
		const postForm = (body) => api(srv.base, 'POST', '/office/items/' + CODE, {
			cookie: wang.cookie, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		let r = await postForm(form());
		assert.equal(r.status, 422);
		assert.match(r.text, /申请材料第2行：原件份数应为0到99之间的整数/);
		assert.match(r.text, /营业执照\|是\|x\|1/, 'the input is kept');
		r = await postForm(form({ materials_text: '登记申请书', promised_days: '30' }));
		assert.equal(r.status, 422);
		assert.match(r.text, /承诺办结时限（30个工作日）不得超过法定办结时限（20个工作日）/);
		r = await postForm(form({ co_orgs_text: 'no-such-org|10', materials_text: '登记申请书' }));
		assert.equal(r.status, 422);
		assert.match(r.text, /协办部门第1行：机构编码不存在/);
		let cur = await api(srv.base, 'GET', '/api/v1/items/' + CODE);
		assert.equal(cur.json.version, 2);
		r = await postForm(form({ materials_text: '登记申请书|是|1|0|纸质或电子|\n营业执照|是|0|1|电子|法人库',
			co_orgs_text: 'sjz-psb|10' }));
		assert.equal(r.status, 303, r.text.slice(0, 500));
		assert.equal(r.headers.get('location'), `/office/items/${CODE}?saved=3`);
		cur = await api(srv.base, 'GET', '/api/v1/items/' + CODE);
		assert.equal(cur.json.version, 3);
		assert.equal(cur.json.joint, true);
		assert.equal(cur.json.co_orgs[0].org_id, orgs['sjz-psb']);
		assert.deepEqual(cur.json.materials.map((m) => [m.name, m.registry]),
		    [['登记申请书', ''], ['营业执照', 'legal_person']]);
		assert.deepEqual(cur.json.fields[1].options, ['糕点', '酱腌菜']);
		// without the CSRF token: refused
		r = await api(srv.base, 'POST', '/office/items/' + CODE, { cookie: wang.cookie,
			body: form({ csrf_token: 'x' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 403);
	});
});
