// search.test.mjs -- GET /api/v1/documents/search: a two-character query
// finds a longer title, an attachment's file name finds its document, the
// 发文字号 is searchable once issued, an edit is searchable at once, and
// another organization sees a document only once it was delivered there;
// query validation and paging.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { api, errorOf, listAll, ready, startServer } from './lib/server.mjs';

function multipart(name, filename, type, data) {
	const boundary = '----zwsearch' + Date.now();
	const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ` +
	    `name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, data, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

const enc = encodeURIComponent;

describe('公文 full-text search', () => {
	let srv, clerk, leader, peerClerk;
	const ids = {};	/* login -> user id, code -> org id */
	let reformId, meetingId, docNo;

	async function search(who, q, extra = '') {
		const r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc(q)}${extra}`,
		    { token: who.token });
		assert.equal(r.status, 200, `${q}: ${r.text}`);
		return r.json;
	}
	const found = async (who, q) => (await search(who, q)).items.map((x) => x.id);

	async function upload(filename) {
		const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(filename),
			Buffer.from('\n%%EOF\n')]);
		const m = multipart('file', filename, 'application/pdf', pdf);
		const r = await api(srv.base, 'POST', '/api/v1/blobs', {
			token: clerk.token, headers: { 'Content-Type': m.type }, body: m.body,
		});
		assert.equal(r.status, 201, r.text);
		return r.json.id;
	}

	before(async () => {
		srv = await startServer({ now: '2026-10-12T09:00:00+08:00' });
		const admin = await ready(srv.base, 'admin');
		for (const u of await listAll(srv.base, '/api/v1/users?limit=100', { token: admin.token }))
			ids[u.login] = u.id;
		for (const o of await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token }))
			ids[o.code] = o.id;
		clerk = await ready(srv.base, 'li.na');		// 石家庄市人民政府办公室
		leader = await ready(srv.base, 'zhang.wei');	// same office, signs
		peerClerk = await ready(srv.base, 'liu.yang');	// 石家庄市行政审批局
	});
	after(async () => { await srv.close(); });

	it('drafts are searchable at once: a pair finds a longer title, a file name its document', async () => {
		const plan = await upload('深化改革实施方案.pdf');
		const seats = await upload('会场座位图.pdf');
		let r = await api(srv.base, 'POST', '/api/v1/documents', {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于深化行政审批制度改革的通知',
				body: '各有关单位：\n　　为持续优化营商环境，现就深化行政审批制度改革有关事项通知如下。',
				main_to: [ids['sjz-approval']], attachments: [plan] },
		});
		assert.equal(r.status, 201, r.text);
		reformId = r.json.id;
		r = await api(srv.base, 'POST', '/api/v1/documents', {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于召开工作例会的通知', body: '定于下周一召开工作例会。',
				main_to: [ids['sjz-approval']], attachments: [seats] },
		});
		assert.equal(r.status, 201, r.text);
		meetingId = r.json.id;

		const hits = await search(clerk, '审批');
		const mine = hits.items.find((x) => x.id === reformId);
		assert.ok(mine, JSON.stringify(hits));
		assert.ok(!hits.items.some((x) => x.id === meetingId));
		assert.equal(mine.title, '关于深化行政审批制度改革的通知');
		assert.equal(mine.status, 'draft');
		assert.equal(mine.status_name, '草稿');
		assert.equal(mine.org_name, '石家庄市人民政府办公室');
		assert.equal(mine.doc_no, '');
		assert.ok(mine.snippet.includes('审批'), mine.snippet);
		assert.ok([...mine.snippet].length <= 80);
		assert.ok(!mine.snippet.includes('\n'));

		assert.deepEqual(await found(clerk, '座位图'), [meetingId]);
		assert.deepEqual(await found(clerk, '实施方案'), [reformId]);
		assert.deepEqual(await found(clerk, '审批 营商环境'), [reformId]);
		assert.deepEqual(await found(clerk, '审批 座位'), []);
	});

	it('an edit is searchable at once', async () => {
		const r = await api(srv.base, 'PATCH', `/api/v1/documents/${meetingId}`, {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于召开防汛工作会议的通知', body: '定于下周一召开防汛工作会议。',
				main_to: [ids['sjz-approval']] },
		});
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(await found(clerk, '防汛'), [meetingId]);
		assert.deepEqual(await found(clerk, '座位图'), []);	// the attachment is gone
		assert.deepEqual(await found(clerk, '例会'), []);
	});

	it('another organization finds a document only once it was delivered there', async () => {
		assert.ok(!(await found(peerClerk, '审批制度')).includes(reformId));
		let r = await api(srv.base, 'POST', `/api/v1/documents/${reformId}/submit`,
		    { token: clerk.token, json: { reviewers: [] } });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/documents/${reformId}/sign-off`,
		    { token: leader.token, json: { opinion: '同意' } });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/documents/${reformId}/issue`,
		    { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		docNo = r.json.doc_no;
		assert.match(docNo, /^石政办〔2026〕\d+号$/);
		assert.ok((await found(peerClerk, '审批制度')).includes(reformId));
		// the draft about 防汛 was not delivered: still not theirs
		assert.deepEqual(await found(peerClerk, '防汛'), []);
	});

	it('the 发文字号 is searchable after issue, whole or in part', async () => {
		const serial = /〔2026〕(\d+)号/.exec(docNo)[1];
		assert.ok((await found(clerk, docNo)).includes(reformId));
		assert.ok((await found(clerk, `〔2026〕${serial}号`)).includes(reformId));
		const hits = await search(clerk, `石政办 ${serial}号 审批`);
		assert.deepEqual(hits.items.map((x) => x.id), [reformId]);
		assert.equal(hits.items[0].doc_no, docNo);
		assert.equal(hits.items[0].status, 'issued');
		assert.ok((await found(peerClerk, docNo)).includes(reformId));
	});

	it('paging follows next_cursor without repeats', async () => {
		const all = await listAll(srv.base, `/api/v1/documents/search?q=${enc('通知')}&limit=1`,
		    { token: clerk.token });
		const ids1 = all.map((x) => x.id);
		assert.ok(ids1.length >= 3, JSON.stringify(ids1));
		assert.equal(new Set(ids1).size, ids1.length);
		assert.ok(ids1.includes(reformId) && ids1.includes(meetingId));
		const first = await search(clerk, '通知', '&limit=1');
		assert.equal(first.items.length, 1);
		assert.notEqual(first.next_cursor, null);
	});

	it('query validation: missing, empty after cutting, too long; /search is not an id', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/documents/search', { token: clerk.token });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).field, 'q');
		r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc('，。！？')}`, { token: clerk.token });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'empty_query');
		assert.match(errorOf(r).message, /[\u4e00-\u9fff]/);
		r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc('审'.repeat(101))}`, { token: clerk.token });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'too_long');
		r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc('审'.repeat(100))}`, { token: clerk.token });
		assert.equal(r.status, 200);
		r = await api(srv.base, 'GET', '/api/v1/documents/search?q=%FF', { token: clerk.token });
		assert.equal(r.status, 400);
		r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc('"审批" OR * :* !')}`,
		    { token: clerk.token });
		assert.equal(r.status, 200);	// syntax of FTS5/tsquery is only punctuation
		r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc('审批')}&limit=0`,
		    { token: clerk.token });
		assert.equal(r.status, 400);
		r = await api(srv.base, 'GET', `/api/v1/documents/search?q=${enc('审批')}`);
		assert.equal(r.status, 401);
	});
});
