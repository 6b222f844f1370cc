// portal.test.mjs -- 政府门户网站 and 主动公开 (standards.md §4, §10; API.md
// "Portal"): a clerk drafts, submits; a leader publishes (a clerk may
// not: 403); 索引号 in the configured format and unique (409); bodies
// sanitized on input and every field escaped on output; the public
// pages, the page cache and its ETags follow publication; scheduled
// publication happens when the clock (ZHENGWU_NOW) passes its time;
// withdrawal keeps the reason in the history and answers 410; the
// Atom feed, sitemap.xml and the 公开目录 list exactly the published
// entries; the 20-working-day monitor.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { api, errorOf, listAll, login, NEW_PASSWORD, ready, startServer } from './lib/server.mjs';

const NOW = '2026-09-21T09:00:00+08:00';	// a Monday (standards.md §10 example)
const LATER = '2026-09-25T10:00:00+08:00';

/* Every public URL /articles/N in a text, as sorted numbers. */
function articleIds(text, re) {
	const ids = new Set();
	for (const m of text.matchAll(re))
		ids.add(Number(m[1]));
	return [...ids].sort((a, b) => a - b);
}

describe('portal: articles, publication, pages, feeds', () => {
	let srv, admin, clerk, leader, peerClerk;
	const ids = {};
	let tzgg, yaowen, approvalCol, sjzUscc;
	let first, second, xss, scheduled, late;

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		for (const o of await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token })) {
			ids[o.code] = o.id;
			if (o.code === 'sjz')
				sjzUscc = o.uscc;
		}
		clerk = await ready(srv.base, 'li.na');		// 石家庄市人民政府办公室, portal.edit
		leader = await ready(srv.base, 'zhang.wei');	// same office, portal.publish
		peerClerk = await ready(srv.base, 'liu.yang');	// 石家庄市行政审批局, portal.edit
		const cols = await api(srv.base, 'GET', '/api/v1/columns');
		assert.equal(cols.status, 200, cols.text);
		tzgg = cols.json.items.find((c) => c.code === 'tzgg');
		yaowen = cols.json.items.find((c) => c.code === 'yaowen');
		const sites = await api(srv.base, 'GET', '/api/v1/sites');
		const approval = sites.json.items.find((s) => s.org_code === 'sjz-approval');
		const ac = await api(srv.base, 'GET', `/api/v1/columns?site_id=${approval.id}`);
		approvalCol = ac.json.items.find((c) => c.code === 'tzgg');
	});
	after(async () => { await srv.close(); });

	it('the demo site group: a main site and two sub-sites with their columns', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/sites');
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((s) => [s.org_code, s.is_main, s.url]), [
			['sjz', true, '/'], ['sjz-approval', false, '/site/sjz-approval/'],
			['changan', false, '/site/changan/']]);
		assert.equal(r.json.items[0].name, '石家庄市人民政府');
		assert.equal(tzgg.url, '/column/tzgg');
		assert.equal(tzgg.feed_url, '/feeds/tzgg.atom');
		assert.equal(approvalCol.url, '/site/sjz-approval/column/tzgg');
		const home = await api(srv.base, 'GET', '/');
		assert.equal(home.status, 200);
		assert.match(home.text, /<html lang="zh-CN">/);
		assert.match(home.text, /<a class="skip" href="#main">/);
		assert.match(home.text, /href="\/services"/);
		assert.match(home.text, /href="\/site\/sjz-approval\/"/);
		const sub = await api(srv.base, 'GET', '/site/sjz-approval/');
		assert.equal(sub.status, 200);
		assert.match(sub.text, /石家庄市行政审批局/);
		for (const p of ['/site/sjz-approval/leaders', '/site/sjz-approval/contact', '/leaders', '/contact'])
			assert.equal((await api(srv.base, 'GET', p)).status, 200, p);
		assert.equal((await api(srv.base, 'GET', '/site/nowhere/')).status, 404);
	});

	it('bad drafts are refused with the reason and nothing is created', async () => {
		const before = (await listAll(srv.base, '/api/v1/articles?state=all', { token: clerk.token })).length;
		const base = { column_id: tzgg.id, title: '关于开展安全检查的通知', category: 'other' };
		const cases = [
			[{ ...base, category: '通知' }, 422, 'unknown_category'],
			[{ ...base, column_id: 999999 }, 422, 'unknown_column'],
			[{ ...base, created_on: '2026-09-22' }, 422, 'future_date'],
			[{ ...base, created_on: '2026-02-30' }, 422, 'invalid_date'],
			[{ ...base, validity: 'eternal' }, 422, 'invalid_validity'],
			[{ ...base, org_id: ids['hebei-drc'] }, 422, 'unknown_org'],
			[{ ...base, index_no: 'X/1' }, 400, 'unknown_field'],
			[{ ...base, title: '' }, 422, 'required'],
			[{ ...base, attachments: [987654] }, 422, 'unknown_file'],
		];
		for (const [json, status, code] of cases) {
			const r = await api(srv.base, 'POST', '/api/v1/articles', { token: clerk.token, json });
			assert.equal(r.status, status, JSON.stringify(json) + ' ' + r.text);
			assert.equal(errorOf(r).code, code);
		}
		/* a leader has no portal.edit; an editor out of reach gets no column */
		let r = await api(srv.base, 'POST', '/api/v1/articles', { token: leader.token, json: base });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/articles', {
			token: clerk.token, json: { ...base, column_id: approvalCol.id } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'unknown_column');
		const after = (await listAll(srv.base, '/api/v1/articles?state=all', { token: clerk.token })).length;
		assert.equal(after, before);
	});

	it('create -> submit -> publish by a leader; a clerk publishing gets 403', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/articles', {
			token: clerk.token,
			json: { column_id: tzgg.id, title: '关于调整市民服务中心办公时间的通知', category: 'public_services',
				body: '<p>自2026年10月8日起，市民服务中心工作日延时至18:00。</p>', created_on: '2026-09-21' },
		});
		assert.equal(r.status, 201, r.text);
		first = r.json;
		assert.equal(first.state, 'draft');
		assert.equal(first.index_no, '');
		assert.equal(first.url, undefined);
		assert.equal(first.summary, '自2026年10月8日起，市民服务中心工作日延时至18:00。');
		assert.equal(first.org_name, '石家庄市人民政府');
		/* the worked example of standards.md §10: 2026-09-21 + 20 working days */
		assert.equal(first.due_on, '2026-10-26');
		assert.equal((await api(srv.base, 'GET', `/api/v1/articles/${first.id}`)).status, 404);
		assert.equal((await api(srv.base, 'GET', `/articles/${first.id}`)).status, 404);

		r = await api(srv.base, 'POST', `/api/v1/articles/${first.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 409, 'a draft is not published before review');
		assert.equal(errorOf(r).code, 'wrong_state');
		r = await api(srv.base, 'POST', `/api/v1/articles/${first.id}/submit`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'review');
		r = await api(srv.base, 'POST', `/api/v1/articles/${first.id}/publish`, { token: clerk.token, json: {} });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'forbidden');
		r = await api(srv.base, 'GET', `/api/v1/articles/${first.id}`, { token: clerk.token });
		assert.equal(r.json.state, 'review', 'the refused publication changed nothing');
		r = await api(srv.base, 'PATCH', `/api/v1/articles/${first.id}`, { token: clerk.token, json: { title: 'x' } });
		assert.equal(r.status, 409, 'in review the editor cannot change it');

		r = await api(srv.base, 'POST', `/api/v1/articles/${first.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		first = r.json;
		assert.equal(first.state, 'published');
		assert.equal(first.published_on, '2026-09-21');
		assert.equal(first.reviewer_name, '张伟');
		assert.equal(first.url, `/articles/${first.id}`);
		/* default format {uscc}/{yyyy}-{nnnnn}: the issuing org's USCC and the year of 生成日期 */
		assert.match(first.index_no, new RegExp(`^${sjzUscc}/2026-\\d{5}$`));
		const pub = await api(srv.base, 'GET', `/api/v1/articles/${first.id}`);
		assert.equal(pub.status, 200);
		assert.equal(pub.json.index_no, first.index_no);
		const page = await api(srv.base, 'GET', first.url);
		assert.equal(page.status, 200);
		assert.match(page.text, /关于调整市民服务中心办公时间的通知/);
		assert.ok(page.text.includes(first.index_no));
		const hist = await api(srv.base, 'GET', `/api/v1/articles/${first.id}/history`, { token: clerk.token });
		assert.deepEqual(hist.json.items.map((h) => h.action), ['创建', '送审', '发布']);
	});

	it('索引号: numbered without gaps per organization and year; a taken one is 409', async () => {
		const mk = async (title) => {
			const r = await api(srv.base, 'POST', '/api/v1/articles', {
				token: clerk.token, json: { column_id: yaowen.id, title, category: 'other' } });
			assert.equal(r.status, 201, r.text);
			const s = await api(srv.base, 'POST', `/api/v1/articles/${r.json.id}/submit`, { token: clerk.token, json: {} });
			assert.equal(s.status, 200, s.text);
			return r.json.id;
		};
		const a = await mk('市政府召开第一次全体会议');
		let r = await api(srv.base, 'POST', `/api/v1/articles/${a}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		const n1 = Number(first.index_no.slice(-5)), n2 = Number(r.json.index_no.slice(-5));
		assert.equal(n2, n1 + 1);
		second = r.json;

		const b = await mk('市政府召开第二次全体会议');
		r = await api(srv.base, 'POST', `/api/v1/articles/${b}/publish`, {
			token: leader.token, json: { index_no: first.index_no } });
		assert.equal(r.status, 409, r.text);
		assert.equal(errorOf(r).code, 'duplicate_index_no');
		r = await api(srv.base, 'GET', `/api/v1/articles/${b}`, { token: clerk.token });
		assert.equal(r.json.state, 'review');
		assert.equal(r.json.index_no, '');
		r = await api(srv.base, 'POST', `/api/v1/articles/${b}/publish`, {
			token: leader.token, json: { index_no: 'has space' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'invalid_index_no');
		r = await api(srv.base, 'POST', `/api/v1/articles/${b}/publish`, {
			token: leader.token, json: { index_no: `${sjzUscc}/2026-00099` } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.index_no, `${sjzUscc}/2026-00099`);
		/* uniqueness holds in the database too */
		const dup = await srv.sql(`UPDATE articles SET index_no = '${first.index_no}' WHERE id = ${b}`);
		assert.notEqual(dup.code, 0);
	});

	it('script, event handlers and javascript: URLs are removed on input and escaped on output', async () => {
		const body = '<p onclick="steal()">正文<img src=x onerror=alert(1)>' +
		    '<a href="jav&#x09;ascript:alert(1)">链接</a><a href="https://www.gov.cn/">政府网</a></p>' +
		    '<script>alert(2)</script><iframe src="https://evil.example/"></iframe>' +
		    '<svg onload=alert(3)><circle/></svg><p style="background:url(javascript:x)">样式</p>' +
		    '<img src="/articles/1/files/1" alt=\'图"><script>x</script>\'>';
		let r = await api(srv.base, 'POST', '/api/v1/articles', {
			token: clerk.token,
			json: { column_id: tzgg.id, title: '<script>alert("t")</script>关于<b>标题</b>的通知',
				summary: '<img src=x onerror=alert(4)>概述', doc_no: '"><svg onload=alert(5)>',
				category: 'other', body },
		});
		assert.equal(r.status, 201, r.text);
		xss = r.json;
		assert.equal(xss.body, '<p>正文链接<a href="https://www.gov.cn/" rel="noopener">政府网</a></p>' +
		    '<p>样式</p><img src="/articles/1/files/1" alt="图&quot;&gt;&lt;script&gt;x&lt;/script&gt;">');
		/* plain-text fields are stored as typed: they are escaped when shown */
		assert.equal(xss.title, '<script>alert("t")</script>关于<b>标题</b>的通知');
		await api(srv.base, 'POST', `/api/v1/articles/${xss.id}/submit`, { token: clerk.token, json: {} });
		r = await api(srv.base, 'POST', `/api/v1/articles/${xss.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		for (const p of [`/articles/${xss.id}`, '/column/tzgg', '/', '/xxgk/catalog', '/feeds/tzgg.atom']) {
			const page = await api(srv.base, 'GET', p);
			assert.equal(page.status, 200, p);
			/* no live markup from the input: escaped text only */
			assert.ok(!/<(script|svg|iframe|b)[\s>]/i.test(page.text.replace(/<script src="\/static\/app\.js[^>]*><\/script>/, '')), `${p}: ${page.text}`);
			assert.ok(!/<[a-z][^>]*\son\w+\s*=/i.test(page.text), p);
			assert.ok(!/<[a-z][^>]*(href|src)\s*=\s*"\s*javascript:/i.test(page.text), p);
			assert.ok(page.text.includes('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;关于&lt;b&gt;标题&lt;/b&gt;的通知'), p);
		}
		const page = await api(srv.base, 'GET', `/articles/${xss.id}`);
		assert.ok(page.text.includes('&quot;&gt;&lt;svg onload=alert(5)&gt;'));
		assert.match(page.headers.get('content-security-policy'), /script-src 'self'/);
	});

	it('public pages are cached with an ETag, and a publication changes them at once', async () => {
		let r = await api(srv.base, 'GET', '/');
		const etag = r.headers.get('etag');
		assert.match(etag, /^"[0-9a-f]{16}"$/);
		assert.equal(r.headers.get('cache-control'), 'no-cache');
		r = await api(srv.base, 'GET', '/', { headers: { 'If-None-Match': etag } });
		assert.equal(r.status, 304);
		assert.equal(r.text, '');
		const c = await api(srv.base, 'POST', '/api/v1/articles', {
			token: clerk.token, json: { column_id: tzgg.id, title: '关于缓存失效测试的通知', category: 'other' } });
		await api(srv.base, 'POST', `/api/v1/articles/${c.json.id}/submit`, { token: clerk.token, json: {} });
		/* a draft and a submission show nowhere: the page is the same */
		r = await api(srv.base, 'GET', '/', { headers: { 'If-None-Match': etag } });
		assert.equal(r.status, 304);
		await api(srv.base, 'POST', `/api/v1/articles/${c.json.id}/publish`, { token: leader.token, json: {} });
		r = await api(srv.base, 'GET', '/', { headers: { 'If-None-Match': etag } });
		assert.equal(r.status, 200);
		assert.notEqual(r.headers.get('etag'), etag);
		assert.ok(r.text.includes('关于缓存失效测试的通知'));
		/* a correction by the leader shows on the article page */
		r = await api(srv.base, 'PATCH', `/api/v1/articles/${c.json.id}`, { token: clerk.token, json: { validity: 'expired' } });
		assert.equal(r.status, 403, 'published articles are corrected by portal.publish');
		r = await api(srv.base, 'PATCH', `/api/v1/articles/${c.json.id}`, { token: leader.token, json: { validity: 'repealed' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.validity_name, '废止');
		r = await api(srv.base, 'GET', `/articles/${c.json.id}`);
		assert.match(r.text, /<th scope="row">有效性<\/th><td>废止<\/td>/);
	});

	it('two-character search finds published articles only', async () => {
		const r = await api(srv.base, 'GET', `/api/v1/articles?q=${encodeURIComponent('延时')}`);
		assert.equal(r.status, 200, r.text);
		const titles = r.json.items.map((i) => i.title);
		assert.ok(titles.includes('关于调整市民服务中心办公时间的通知'), titles.join());
		assert.ok(r.json.items.every((i) => i.state === 'published'));
		const none = await api(srv.base, 'GET', `/api/v1/articles?q=${encodeURIComponent('第二次全体')}&category=budget`);
		assert.deepEqual(none.json.items, []);
		const bad = await api(srv.base, 'GET', '/api/v1/articles?q=%21%21');
		assert.equal(bad.status, 422);
		const drafts = await api(srv.base, 'GET', '/api/v1/articles?state=draft');
		assert.equal(drafts.status, 401);
		const cat = await api(srv.base, 'GET', '/api/v1/articles?category=public_services');
		assert.ok(cat.json.items.some((i) => i.id === first.id));
		assert.ok(cat.json.items.every((i) => i.category === 'public_services'));
	});

	it('withdrawal needs a reason, keeps it in the history, and the page answers 410', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/articles/${second.id}/withdraw`, { token: leader.token, json: {} });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/articles/${second.id}/withdraw`, {
			token: clerk.token, json: { reason: '内容有误' } });
		assert.equal(r.status, 403);
		assert.equal((await api(srv.base, 'GET', `/articles/${second.id}`)).status, 200, 'nothing changed');
		r = await api(srv.base, 'POST', `/api/v1/articles/${second.id}/withdraw`, {
			token: leader.token, json: { reason: '会议时间有误，更正后重新发布' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'withdrawn');
		assert.equal(r.json.withdraw_reason, '会议时间有误，更正后重新发布');
		assert.equal((await api(srv.base, 'GET', `/articles/${second.id}`)).status, 410);
		assert.equal((await api(srv.base, 'GET', `/api/v1/articles/${second.id}`)).status, 410);
		const hist = await api(srv.base, 'GET', `/api/v1/articles/${second.id}/history`, { token: leader.token });
		const last = hist.json.items.at(-1);
		assert.equal(last.action, '撤回');
		assert.equal(last.comment, '会议时间有误，更正后重新发布');
		assert.equal(last.actor_name, '张伟');
		r = await api(srv.base, 'POST', `/api/v1/articles/${second.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 409);
		const q = await api(srv.base, 'GET', `/api/v1/articles?q=${encodeURIComponent('第一次全体会议')}`);
		assert.deepEqual(q.json.items, []);
	});

	it('a scheduled article is published when the clock passes its time', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/articles', {
			token: clerk.token, json: { column_id: tzgg.id, title: '关于国庆节期间值班安排的通知', category: 'other',
				body: '<p>值班表见附件。</p>' } });
		scheduled = r.json.id;
		await api(srv.base, 'POST', `/api/v1/articles/${scheduled}/submit`, { token: clerk.token, json: {} });
		r = await api(srv.base, 'POST', `/api/v1/articles/${scheduled}/publish`, {
			token: leader.token, json: { publish_at: 'tomorrow' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/articles/${scheduled}/publish`, {
			token: leader.token, json: { publish_at: '2026-09-24T08:00:00+08:00' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.state, 'scheduled');
		assert.equal(r.json.publish_at, '2026-09-24T08:00:00+08:00');
		assert.notEqual(r.json.index_no, '');
		assert.equal((await api(srv.base, 'GET', `/articles/${scheduled}`)).status, 404);
		const feed = await api(srv.base, 'GET', '/feeds/tzgg.atom');
		assert.ok(!feed.text.includes(`/articles/${scheduled}<`));

		/* a late one for the monitor: 生成日期 2026-08-20, due 2026-09-17 */
		r = await api(srv.base, 'POST', '/api/v1/articles', {
			token: clerk.token, json: { column_id: tzgg.id, title: '关于逾期信息的通知', category: 'other',
				created_on: '2026-08-20' } });
		late = r.json;
		assert.equal(late.due_on, '2026-09-17');
		assert.equal(late.overdue, true);

		await srv.restart({ now: LATER });
		let state;
		for (let i = 0; i < 100; i++) {
			r = await api(srv.base, 'GET', `/api/v1/articles/${scheduled}`);
			if (r.status === 200) {
				state = r.json.state;
				break;
			}
			await new Promise((ok) => setTimeout(ok, 100));
		}
		assert.equal(state, 'published');
		assert.equal(r.json.published_on, '2026-09-25');
		assert.equal((await api(srv.base, 'GET', `/articles/${scheduled}`)).status, 200);
		/* sessions idled out across the jump: log in again */
		leader = await login(srv.base, 'zhang.wei', NEW_PASSWORD);
		clerk = await login(srv.base, 'li.na', NEW_PASSWORD);
		peerClerk = await login(srv.base, 'liu.yang', NEW_PASSWORD);
		admin = await login(srv.base, 'admin', NEW_PASSWORD);
		const hist = await api(srv.base, 'GET', `/api/v1/articles/${scheduled}/history`, { token: leader.token });
		assert.deepEqual(hist.json.items.map((h) => [h.action, h.actor_name]).slice(-2),
		    [['定时发布', '张伟'], ['发布（定时）', '系统']]);
	});

	it('the Atom feed and sitemap.xml hold exactly the published entries', async () => {
		const published = await listAll(srv.base, '/api/v1/articles?limit=500');
		const inTzgg = published.filter((a) => a.column_id === tzgg.id).map((a) => a.id).sort((a, b) => a - b);
		const feed = await api(srv.base, 'GET', '/feeds/tzgg.atom');
		assert.equal(feed.status, 200);
		assert.match(feed.headers.get('content-type'), /^application\/atom\+xml/);
		assert.match(feed.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
		assert.deepEqual(articleIds(feed.text, /<id>[^<]*\/articles\/(\d+)<\/id>/g), inTzgg);
		assert.ok(inTzgg.includes(scheduled) && inTzgg.includes(first.id));
		assert.ok(!inTzgg.includes(second.id));
		const map = await api(srv.base, 'GET', '/sitemap.xml');
		assert.equal(map.status, 200);
		assert.deepEqual(articleIds(map.text, /<loc>[^<]*\/articles\/(\d+)<\/loc>/g),
		    published.map((a) => a.id).sort((a, b) => a - b));
		assert.match(map.text, /<loc>http:\/\/127\.0\.0\.1:\d+\/site\/sjz-approval\/<\/loc>/);
		const sub = await api(srv.base, 'GET', '/site/sjz-approval/feeds/xkgs.atom');
		assert.equal(sub.status, 200);
		assert.equal((await api(srv.base, 'GET', '/feeds/nothing.atom')).status, 404);
	});

	it('公开指南 and 公开目录 are generated from the published entries', async () => {
		let r = await api(srv.base, 'GET', '/xxgk/catalog?category=public_services');
		assert.equal(r.status, 200);
		const rows = [...r.text.matchAll(/<tr><td class="nowrap">([^<]*)<\/td><td><a href="\/articles\/(\d+)">/g)];
		const expect = (await listAll(srv.base, '/api/v1/articles?category=public_services')).map((a) => [a.index_no, a.id]);
		assert.deepEqual(rows.map((m) => [m[1], Number(m[2])]), expect);
		assert.ok(rows.some((m) => m[1] === first.index_no));
		assert.match(r.text, /<th scope="col">索引号<\/th><th scope="col">名称<\/th><th scope="col">内容概述<\/th><th scope="col">生成日期<\/th>/);
		r = await api(srv.base, 'GET', `/xxgk/catalog?org=${ids['sjz-approval']}&year=2026`);
		assert.ok(!r.text.includes(first.index_no));
		r = await api(srv.base, 'GET', '/xxgk/catalog?category=nonsense');
		assert.equal(r.status, 400);
		r = await api(srv.base, 'GET', '/xxgk/guide');
		assert.equal(r.status, 200);
		for (const s of ['法规文件', '财政预决算', '公务员招考', '社会救助', '石家庄市人民政府办公室（市政务公开办公室）'])
			assert.ok(r.text.includes(s), s);
	});

	it('the 20-working-day monitor lists what is overdue', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/articles/overdue', { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		const o = r.json.overdue.find((a) => a.id === late.id);
		assert.ok(o, JSON.stringify(r.json.overdue.map((a) => a.title)));
		/* due 2026-09-17 (Thu); today 2026-09-25 (Fri): 6 working days late */
		assert.equal(o.days_over, 6);
		assert.equal((await api(srv.base, 'GET', '/api/v1/articles/overdue', { token: peerClerk.token }))
		    .json.overdue.some((a) => a.id === late.id), false, 'out of reach');
		assert.equal((await api(srv.base, 'GET', '/api/v1/articles/overdue', { token: admin.token })).status, 403);
	});
});
