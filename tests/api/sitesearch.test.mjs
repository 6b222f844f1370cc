// sitesearch.test.mjs -- the site search (API.md "Portal": GET
// /api/v1/search; DESIGN.md: a two-character query must find its
// documents): published articles, service items and surveys in one
// index; filters by type, organization and date; highlighted snippets
// built from escaped text; only what is public is ever found (a
// withdrawn article or item disappears, a republished one comes back);
// the /search page echoes the query escaped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { api, errorOf, listAll, ready, startServer } from './lib/server.mjs';

const NOW = '2026-09-21T09:00:00+08:00';
const q = (s) => encodeURIComponent(s);

describe('site search', () => {
	let srv, admin, clerk, leader, ids = {}, tzgg, art, item;

	async function search(params) {
		const r = await api(srv.base, 'GET', '/api/v1/search?' + params);
		assert.equal(r.status, 200, r.text);
		return r.json;
	}

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		clerk = await ready(srv.base, 'li.na');
		leader = await ready(srv.base, 'zhang.wei');
		for (const o of await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token }))
			ids[o.code] = o.id;
		const cols = await api(srv.base, 'GET', '/api/v1/columns');
		tzgg = cols.json.items.find((c) => c.code === 'tzgg');
	});
	after(async () => { await srv.close(); });

	it('a two-character query finds articles, service items and surveys of the demo', async () => {
		for (const [word, type] of [['审批', 'article'], ['许可', 'item']]) {
			const r = await search(`q=${q(word)}&type=${type}&limit=50`);
			assert.ok(r.items.length > 0, word);
			for (const i of r.items) {
				assert.equal(i.type, type);
				assert.match(i.url, /^\/(articles\/\d+|services\/\w+)$/);
			}
			// found by the title or the text: marked in one of them
			assert.ok(r.items.some((i) => (i.title_html + i.snippet_html).includes(`<mark>${word}</mark>`)));
		}
		const s = await search(`q=${q('养犬')}&type=survey`);
		assert.deepEqual(s.items.map((i) => [i.type, i.type_name, i.url]), [['survey', '征集调查', '/surveys/1']]);
		assert.equal(s.items[0].title_html,
			'关于《石家庄市城市<mark>养犬</mark>管理规定（征求意见稿）》公开征求意见');
	});

	it('a published article is found with escaped, highlighted title and snippet; withdrawn, it is gone', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/articles', { token: clerk.token, json: {
			column_id: tzgg.id, title: '<img src=x onerror=alert(1)>鹊桥工程通知', category: 'other',
			body: '<p>关于鹊桥工程 &lt;script&gt;alert(2)&lt;/script&gt; 的安排。</p>', created_on: '2026-09-21' } });
		assert.equal(r.status, 201, r.text);
		art = r.json;
		assert.deepEqual((await search(`q=${q('鹊桥')}`)).items, [], 'a draft is not found');
		r = await api(srv.base, 'POST', `/api/v1/articles/${art.id}/submit`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/articles/${art.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		const found = (await search(`q=${q('鹊桥')}`)).items;
		assert.equal(found.length, 1);
		assert.equal(found[0].url, `/articles/${art.id}`);
		assert.equal(found[0].title, '<img src=x onerror=alert(1)>鹊桥工程通知');
		assert.equal(found[0].title_html, '&lt;img src=x onerror=alert(1)&gt;<mark>鹊桥</mark>工程通知');
		assert.equal(found[0].snippet_html, '关于<mark>鹊桥</mark>工程 &lt;script&gt;alert(2)&lt;/script&gt; 的安排。');
		assert.equal(found[0].org_id, ids.sjz);
		// ASCII words match without case, and are marked too
		const a = (await search(`q=${q('ALERT')}&type=article`)).items;
		assert.ok(a.some((i) => i.ref_id === art.id));
		// the page shows the marks and nothing of the markup in the text
		const page = await api(srv.base, 'GET', `/search?q=${q('鹊桥')}`);
		assert.equal(page.status, 200);
		assert.match(page.text, /<a href="\/articles\/\d+">&lt;img src=x onerror=alert\(1\)&gt;<mark>鹊桥<\/mark>工程通知<\/a>/);
		assert.doesNotMatch(page.text, /<img src=x/);
		assert.doesNotMatch(page.text, /<script>alert/);

		r = await api(srv.base, 'POST', `/api/v1/articles/${art.id}/withdraw`, { token: leader.token,
			json: { reason: '测试撤回' } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual((await search(`q=${q('鹊桥')}`)).items, [], 'a withdrawn article is never found');
		assert.doesNotMatch((await api(srv.base, 'GET', `/search?q=${q('鹊桥')}`)).text, /工程通知/);
	});

	it('a withdrawn service item is not found; published again, it is', async () => {
		const items = await listAll(srv.base, '/api/v1/items?limit=100');
		item = items[0];
		const two = [...item.name].slice(0, 2).join('');
		let found = (await search(`q=${q(item.name)}&type=item`)).items;
		assert.ok(found.some((i) => i.url === `/services/${item.code}`), item.name);
		let r = await api(srv.base, 'POST', `/api/v1/items/${item.code}/withdraw`, { token: admin.token, json: {} });
		assert.equal(r.status, 200, r.text);
		found = (await search(`q=${q(item.name)}&type=item`)).items;
		assert.ok(!found.some((i) => i.url === `/services/${item.code}`), 'withdrawn item found');
		assert.ok(!(await search(`q=${q(two)}&limit=50`)).items.some((i) => i.url === `/services/${item.code}`));
		r = await api(srv.base, 'POST', `/api/v1/items/${item.code}/publish`, { token: admin.token, json: {} });
		assert.equal(r.status, 200, r.text);
		found = (await search(`q=${q(item.name)}&type=item`)).items;
		assert.equal(found[0].url, `/services/${item.code}`, 'republished: newest first');
	});

	it('filters: type, organization, dates; paging', async () => {
		const all = (await search(`q=${q('许可')}&limit=50`)).items;
		const onlyItems = (await search(`q=${q('许可')}&type=item&limit=50`)).items;
		assert.ok(onlyItems.length > 0);
		assert.ok(onlyItems.every((i) => i.type === 'item'));
		assert.deepEqual(onlyItems.map((i) => i.url), all.filter((i) => i.type === 'item').map((i) => i.url));
		const org = ids['sjz-approval'];
		const byOrg = (await search(`q=${q('许可')}&org_id=${org}&limit=50`)).items;
		assert.ok(byOrg.length > 0);
		assert.ok(byOrg.every((i) => i.org_id === org));
		assert.deepEqual(byOrg.map((i) => i.url), all.filter((i) => i.org_id === org).map((i) => i.url));
		assert.equal((await search(`q=${q('许可')}&from=2026-09-22`)).items.length, 0);
		assert.equal((await search(`q=${q('许可')}&to=2026-09-20`)).items.length, 0);
		assert.equal((await search(`q=${q('许可')}&from=2026-09-21&to=2026-09-21&limit=50`)).items.length, all.length);
		// paging: two at a time, the same rows in the same order
		const paged = [];
		let cursor = null;
		for (let i = 0; i < 50; i++) {
			const r = await search(`q=${q('许可')}&limit=2${cursor ? '&cursor=' + cursor : ''}`);
			paged.push(...r.items.map((x) => x.url));
			cursor = r.next_cursor;
			if (cursor === null)
				break;
		}
		assert.deepEqual(paged, all.map((i) => i.url));
	});

	it('bad queries: 400/422 with the field; punctuation alone finds nothing', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/search');
		assert.deepEqual([r.status, errorOf(r).code, errorOf(r).field], [400, 'query_required', 'q']);
		r = await api(srv.base, 'GET', `/api/v1/search?q=${q('审'.repeat(101))}`);
		assert.deepEqual([r.status, errorOf(r).code], [422, 'too_long']);
		r = await api(srv.base, 'GET', `/api/v1/search?q=${q('审批')}&from=2026-13-01`);
		assert.deepEqual([r.status, errorOf(r).field], [400, 'from']);
		r = await api(srv.base, 'GET', `/api/v1/search?q=${q('审批')}&type=${q('a b')}`);
		assert.deepEqual([r.status, errorOf(r).field], [400, 'type']);
		r = await api(srv.base, 'GET', `/api/v1/search?q=${q('审批')}&limit=51`);
		assert.equal(r.status, 400);
		r = await api(srv.base, 'GET', `/api/v1/search?q=${q('"*()')}`);
		assert.deepEqual([r.status, r.json.items], [200, []]);
	});

	it('the /search page echoes the query escaped, and the portal header has the search box', async () => {
		const xss = '"><script>alert(1)</script>';
		const r = await api(srv.base, 'GET', `/search?q=${q(xss)}`);
		assert.equal(r.status, 200);
		assert.doesNotMatch(r.text, /<script>alert\(1\)/);
		assert.match(r.text, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
		assert.match(r.text, /“&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;”的搜索结果/);
		const home = await api(srv.base, 'GET', '/');
		assert.match(home.text, /<form class="site-search" method="get" action="\/search" role="search">/);
		/* every public page carries the main site's name, not the platform's */
		for (const page of [home, r, await api(srv.base, 'GET', '/letters/new'), await api(srv.base, 'GET', '/services')])
			assert.match(page.text, /<a class="brand" href="\/">.*石家庄市人民政府<\/a>/);
	});

	it('rows of objects published behind the index are added at startup, and only those', async () => {
		// simulate rows missing from the index (an older database) and a
		// stale row of an unpublished object
		let r = await srv.sql("DELETE FROM site_search WHERE type = 'item'");
		assert.equal(r.code, 0, r.stderr);
		r = await srv.sql(`INSERT INTO site_search (type, ref_id, org_id, title, body, url, published_at, tokens) VALUES ('article', ${art.id}, NULL, '鹊桥', '', '/articles/${art.id}', 0, '鹊桥')`);
		assert.equal(r.code, 0, r.stderr);
		await srv.restart({ now: NOW });
		assert.ok((await search(`q=${q(item.name)}&type=item`)).items.some((i) => i.url === `/services/${item.code}`));
		assert.deepEqual((await search(`q=${q('鹊桥')}`)).items, []);
		const n1 = await srv.sql('SELECT COUNT(*) FROM site_search');
		await srv.restart({ now: NOW });
		const n2 = await srv.sql('SELECT COUNT(*) FROM site_search');
		assert.equal(n1.stdout, n2.stdout, 'idempotent');
	});
});
