// documents.test.mjs -- 公文 end to end: draft, review with a return and
// 会签, 签发, issue (发文字号 without gaps, SM2 seal checked with the
// stock openssl command), exchange to 主送 and 抄送 organizations,
// 签收/退回/办结, 催办, 归档 and the immutability of archived documents;
// tampering with a stored attachment breaks verification.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { api, errorOf, listAll, ready, run, startServer } from './lib/server.mjs';

function multipart(name, filename, type, data) {
	const boundary = '----zwtest' + Date.now();
	const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ` +
	    `name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, data, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

describe('公文: send, exchange, receive, archive', () => {
	let srv, admin, clerk, leader, peerLeader, peerClerk, ccClerk;
	const ids = {};	/* login -> user id, code -> org id */
	let fileId, fileSm3, docId, docNo, secondDoc;

	before(async () => {
		srv = await startServer({ now: '2026-09-21T09:00:00+08:00' });
		admin = await ready(srv.base, 'admin');
		for (const u of await listAll(srv.base, '/api/v1/users?limit=100', { token: admin.token }))
			ids[u.login] = u.id;
		for (const o of await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token }))
			ids[o.code] = o.id;
		clerk = await ready(srv.base, 'li.na');		// 石家庄市人民政府办公室 clerk
		leader = await ready(srv.base, 'zhang.wei');	// same office, leader
		peerLeader = await ready(srv.base, 'wang.fang');	// 石家庄市行政审批局 leader
		peerClerk = await ready(srv.base, 'liu.yang');	// 石家庄市行政审批局 clerk
		ccClerk = await ready(srv.base, 'sun.li');	// 长安区行政审批局 clerk
	});
	after(async () => { await srv.close(); });

	it('an attachment is uploaded as a file', async () => {
		const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096, 7), Buffer.from('\n%%EOF\n')]);
		const m = multipart('file', '实施方案.pdf', 'application/pdf', pdf);
		const r = await api(srv.base, 'POST', '/api/v1/blobs', {
			token: clerk.token, headers: { 'Content-Type': m.type }, body: m.body,
		});
		assert.equal(r.status, 201, r.text);
		fileId = r.json.id;
		fileSm3 = r.json.sm3;
	});

	it('条例 第八条 / 密级 / 行文规则: bad drafts are refused and nothing is created', async () => {
		const before = (await listAll(srv.base, '/api/v1/documents', { token: clerk.token })).length;
		const base = { doc_type: '通知', title: '关于开展安全检查的通知', body: '各单位：……',
			main_to: [ids['sjz-approval']] };
		const cases = [
			[{ ...base, doc_type: '公函' }, 422, 'unknown_doc_type'],
			[{ ...base, secrecy: '机密★5年' }, 422, 'classified'],
			[{ ...base, doc_type: '请示', main_to: [ids['sjz-approval'], ids['sjz-psb']], signer_id: ids['zhang.wei'] }, 422, 'qingshi_one_main'],
			[{ ...base, doc_type: '报告', main_to: [ids.sjz] }, 422, 'signer_required'],
			[{ ...base, main_to: [999999] }, 422, 'unknown_recipient'],
			[{ ...base, urgency: '很急' }, 422, null],
			[{ ...base, doc_no: '石政办〔2026〕9号' }, 400, 'unknown_field'],
		];
		for (const [json, status, code] of cases) {
			const r = await api(srv.base, 'POST', '/api/v1/documents', { token: clerk.token, json });
			assert.equal(r.status, status, JSON.stringify(json) + ' ' + r.text);
			const e = errorOf(r);
			if (code)
				assert.equal(e.code, code);
		}
		const after = (await listAll(srv.base, '/api/v1/documents', { token: clerk.token })).length;
		assert.equal(after, before);
	});

	it('a clerk drafts a 通知 with 主送, 抄送 and an attachment; only the drafter edits it', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/documents', {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于做好国庆期间政务服务工作的通知', body: '各有关单位：\n现就有关事项通知如下。',
				urgency: '加急', main_to: [ids['sjz-approval']], cc_to: [ids['changan-approval']],
				attachments: [fileId] },
		});
		assert.equal(r.status, 201, r.text);
		docId = r.json.id;
		assert.equal(r.json.status, 'draft');
		assert.equal(r.json.secrecy, '非密');
		assert.equal(r.json.attachment_note, '附件：实施方案.pdf');
		assert.equal(r.json.main_to[0].name, '石家庄市行政审批局');
		const p = await api(srv.base, 'PATCH', `/api/v1/documents/${docId}`, {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于做好2026年国庆期间政务服务工作的通知', body: '第二稿',
				urgency: '加急', main_to: [ids['sjz-approval']], cc_to: [ids['changan-approval']],
				attachments: [fileId] },
		});
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.version, 2);
		const other = await api(srv.base, 'PATCH', `/api/v1/documents/${docId}`, {
			token: leader.token, json: { doc_type: '通知', title: 'x', main_to: [ids['sjz-approval']] },
		});
		assert.equal(other.status, 403);
	});

	it('审核 and 会签: a return with comments, then both approve', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/submit`, {
			token: clerk.token, json: { reviewers: [ids['zhang.wei'], ids['wang.fang']] },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'reviewing');
		assert.deepEqual(r.json.reviews.map((x) => x.kind).sort(), ['countersign', 'review']);
		r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/review`, {
			token: peerLeader.token, json: { approved: false },
		});
		assert.equal(r.status, 422);	// a return needs comments
		r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/review`, {
			token: peerLeader.token, json: { approved: false, comment: '请补充窗口值班安排' },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'returned');
		r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/submit`, {
			token: clerk.token, json: { reviewers: [ids['zhang.wei'], ids['wang.fang']] },
		});
		assert.equal(r.status, 200, r.text);
		for (const t of [leader, peerLeader]) {
			r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/review`, {
				token: t.token, json: { approved: true, comment: '同意' },
			});
			assert.equal(r.status, 200, r.text);
		}
		assert.equal(r.json.status, 'reviewed');
		const steps = r.json.steps.map((s) => s.step);
		assert.deepEqual(steps.slice(0, 3), ['起草', '送审', '退回修改']);
		assert.ok(steps.includes('会签') && steps.includes('审核'));
	});

	it('签发 by a leader only; after 签发 the draft is frozen', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/sign-off`, { token: clerk.token, json: {} });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/sign-off`, {
			token: leader.token, json: { opinion: '同意印发' },
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'signed');
		assert.equal(r.json.signer_name, '张伟');
		assert.equal(r.json.written_on_cn, '2026年9月21日');	// GB/T 9704 §7.3.5
		r = await api(srv.base, 'PATCH', `/api/v1/documents/${docId}`, {
			token: clerk.token, json: { doc_type: '通知', title: '改', main_to: [ids['sjz-approval']] },
		});
		assert.equal(r.status, 409);
	});

	it('核发: 发文字号 机关代字〔年〕序号号, sealed, delivered to 主送 and 抄送', async () => {
		const r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/issue`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'issued');
		docNo = r.json.doc_no;
		// the demo issued two documents already: this is the third number
		assert.equal(docNo, '石政办〔2026〕3号');
		assert.equal(r.json.deliveries.length, 2);
		for (const d of r.json.deliveries) {
			assert.equal(d.status, 'pending');
			assert.equal(d.due_date, '2026-09-24');	// 加急: 3 working days
		}
		const again = await api(srv.base, 'POST', `/api/v1/documents/${docId}/issue`, { token: clerk.token, json: {} });
		assert.equal(again.status, 409);
	});

	it('the seal verifies with the stock openssl command (SM2-SM3, ID 1234567812345678)', async () => {
		const r = await api(srv.base, 'GET', `/api/v1/documents/${docId}/verification`, { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.algorithm, 'SM2-SM3');
		assert.equal(r.json.sm2_id, '1234567812345678');
		assert.equal(r.json.valid, true);
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zw-seal-'));
		await fs.writeFile(path.join(dir, 'pub.pem'), r.json.public_key_pem);
		await fs.writeFile(path.join(dir, 'data'), Buffer.from(r.json.signed_data_b64, 'base64'));
		await fs.writeFile(path.join(dir, 'sig.der'), Buffer.from(r.json.signature_der_b64, 'base64'));
		const args = ['dgst', '-sm3', '-verify', path.join(dir, 'pub.pem'), '-signature',
			path.join(dir, 'sig.der'), '-sigopt', 'distid:1234567812345678', path.join(dir, 'data')];
		let v = await run('openssl', args);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, /Verified OK/);
		assert.match(Buffer.from(r.json.signed_data_b64, 'base64').toString(), new RegExp(docNo));
		await fs.appendFile(path.join(dir, 'data'), 'x');
		v = await run('openssl', args);
		assert.notEqual(v.code, 0);
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('收文: inbox, 签收 with 收文编号, no second 签收, no 签收 by another organization', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/inbox?status=pending', { token: peerClerk.token });
		assert.equal(r.status, 200);
		const mine = r.json.items.filter((x) => x.doc_no === docNo);
		assert.equal(mine.length, 1);
		assert.ok(r.json.items.every((x) => x.status === 'pending'));
		const d = mine[0];
		assert.equal(d.doc_no, docNo);
		assert.equal(d.from_org_name, '石家庄市人民政府办公室');
		const urgent = await api(srv.base, 'GET', '/api/v1/inbox?urgency=urgent', { token: peerClerk.token });
		assert.ok(urgent.json.items.some((x) => x.doc_no === docNo));
		assert.ok(urgent.json.items.every((x) => x.urgency !== ''));
		const special = await api(srv.base, 'GET', '/api/v1/inbox?urgency=特急', { token: peerClerk.token });
		assert.ok(!special.json.items.some((x) => x.doc_no === docNo));
		const overdue = await api(srv.base, 'GET', '/api/v1/inbox?overdue=1', { token: peerClerk.token });
		assert.equal(overdue.json.items.length, 0);	// due 2026-09-24, today 09-21
		assert.equal((await api(srv.base, 'GET', '/api/v1/inbox?urgency=slow', { token: peerClerk.token })).status, 400);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/receive`, { token: ccClerk.token, json: {} });
		assert.equal(r.status, 404);	// not theirs
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/complete`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 409);	// 签收 first
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/receive`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		// the demo's delivery was 收〔2026〕1号: numbering continues
		assert.equal(r.json.reg_no, '收〔2026〕2号');
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/receive`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 409);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/complete`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 200);
		assert.equal(r.json.status, 'completed');
		r = await api(srv.base, 'POST', '/api/v1/deliveries/99999/receive', { token: peerClerk.token, json: {} });
		assert.equal(r.status, 404);
	});

	it('退回 needs a reason; the sender sees every recipient state and can 催办 only open ones', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/inbox', { token: ccClerk.token });
		const d = r.json.items.find((x) => x.doc_no === docNo);
		assert.equal(d.kind, 'cc');
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/urge`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/return`, { token: ccClerk.token, json: {} });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/return`, {
			token: ccClerk.token, json: { reason: '非本单位职责范围' },
		});
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/urge`, { token: clerk.token, json: {} });
		assert.equal(r.status, 409);
		r = await api(srv.base, 'GET', `/api/v1/documents/${docId}`, { token: clerk.token });
		const byOrg = Object.fromEntries(r.json.deliveries.map((x) => [x.to_org_name, x]));
		assert.equal(byOrg['石家庄市行政审批局'].status, 'completed');
		assert.equal(byOrg['长安区行政审批局'].status, 'returned');
		assert.equal(byOrg['长安区行政审批局'].return_reason, '非本单位职责范围');
		assert.equal(byOrg['长安区行政审批局'].urged_count, 1);
	});

	it('归档 gives a DA/T 22 档号; archived documents are immutable', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/archive`, {
			token: clerk.token, json: { retention: 'D20' },
		});
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/archive`, {
			token: clerk.token, json: { retention: 'Y' },
		});
		assert.equal(r.status, 200, r.text);
		assert.match(r.json.archive_no, /^Z\d+-WS·2026-Y-SJZGOVOFFICE-0001$/);
		// the archive is searchable by 档号
		const found = await api(srv.base, 'GET', '/api/v1/documents/search?q=' +
		    encodeURIComponent(r.json.archive_no), { token: clerk.token });
		assert.equal(found.status, 200, found.text);
		assert.deepEqual(found.json.items.map((x) => x.id), [docId]);
		const page = await api(srv.base, 'GET', '/office/documents/search?q=' +
		    encodeURIComponent('国庆'), { cookie: clerk.cookie });
		assert.equal(page.status, 200);
		assert.match(page.text, /关于做好2026年国庆期间政务服务工作的通知/);
		r = await api(srv.base, 'POST', `/api/v1/documents/${docId}/archive`, {
			token: clerk.token, json: { retention: 'Y' },
		});
		assert.equal(r.status, 409);
		r = await api(srv.base, 'PATCH', `/api/v1/documents/${docId}`, {
			token: clerk.token, json: { doc_type: '通知', title: '改', main_to: [ids['sjz-approval']] },
		});
		assert.equal(r.status, 409);
		// even the database refuses to change it
		const q = await srv.sql(`UPDATE documents SET title = 'x' WHERE id = ${docId}`);
		assert.notEqual(q.code, 0);
	});

	it('the archive package can be checked outside the platform (tar, openssl, SM3 manifest)', async () => {
		const r = await api(srv.base, 'GET', `/api/v1/documents/${docId}/archive-package`, { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.headers.get('content-type'), 'application/x-tar');
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zw-pkg-'));
		await fs.writeFile(path.join(dir, 'p.tar'), r.buf);
		const x = await run('tar', ['-xf', path.join(dir, 'p.tar'), '-C', dir]);
		assert.equal(x.code, 0, x.stderr);
		const v = await run('openssl', ['dgst', '-sm3', '-verify', path.join(dir, 'seal/public_key.pem'),
			'-signature', path.join(dir, 'seal/signature.der'), '-sigopt', 'distid:1234567812345678',
			path.join(dir, 'seal/signed_data')]);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8'));
		assert.equal(manifest.seal_valid_at_export, true);
		assert.deepEqual(manifest.attachments.map((a) => a.name), ['实施方案.pdf']);
		const signed = await fs.readFile(path.join(dir, 'seal/signed_data'), 'utf8');
		assert.ok(signed.includes(manifest.attachments[0].sm3), 'the seal covers the attachment hash');
		const meta = JSON.parse(await fs.readFile(path.join(dir, 'metadata.json'), 'utf8'));
		assert.equal(meta.doc_no, docNo);
		assert.equal(meta.status, 'archived');
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('the next document gets the next number, without gaps', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/documents', {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于召开工作会议的通知', body: '……', main_to: [ids['sjz-approval']] },
		});
		const id = r.json.id;
		await api(srv.base, 'POST', `/api/v1/documents/${id}/submit`, { token: clerk.token, json: {} });
		await api(srv.base, 'POST', `/api/v1/documents/${id}/sign-off`, { token: leader.token, json: {} });
		const i = await api(srv.base, 'POST', `/api/v1/documents/${id}/issue`, { token: clerk.token, json: {} });
		assert.equal(i.status, 200, i.text);
		assert.equal(i.json.doc_no, '石政办〔2026〕4号');
		secondDoc = id;
	});

	it('收文办理 §1.5: 拟办, 批示, 主办/协办/传阅, to-do lists, 办结 after the 主办', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/inbox?status=pending', { token: peerClerk.token });
		const d = r.json.items.find((x) => x.doc_id === secondDoc);
		assert.ok(d, 'delivered');
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/propose`, { token: peerClerk.token, json: { text: '拟请刘洋同志主办' } });
		assert.equal(r.status, 409);	// 签收 first
		await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/receive`, { token: peerClerk.token, json: {} });
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/propose`, { token: peerClerk.token, json: { text: '拟请刘洋同志主办' } });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/instruct`, { token: peerClerk.token, json: { text: '同意' } });
		assert.equal(r.status, 403);	// 批示 is a leader's
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/instruct`, { token: peerLeader.token, json: { text: '请抓紧办理' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.instruction, '请抓紧办理');
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/assign`, {
			token: peerClerk.token, json: { lead: ids['zhao.lei'] },
		});
		assert.equal(r.status, 422);	// not of the receiving organization
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/assign`, {
			token: peerClerk.token, json: { lead: ids['liu.yang'], readers: [ids['wang.fang']] },
		});
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.tasks.map((t) => t.role_name).sort(), ['主办', '传阅']);
		const todo = await api(srv.base, 'GET', '/api/v1/me/tasks', { token: peerLeader.token });
		assert.ok(todo.json.deliveries.some((t) => t.delivery_id === d.id && t.role === 'read'));
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/complete`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'lead_pending');
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/done`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 422);	// the 主办 writes an opinion
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/done`, { token: peerClerk.token, json: { opinion: '已按要求部署' } });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/done`, { token: peerLeader.token, json: {} });
		assert.equal(r.status, 200, r.text);	// 已阅
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/done`, { token: peerLeader.token, json: {} });
		assert.equal(r.status, 409);
		r = await api(srv.base, 'GET', `/api/v1/deliveries/${d.id}`, { token: ccClerk.token });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', `/api/v1/deliveries/${d.id}/complete`, { token: peerClerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.actions.map((a) => a.action),
		    ['签收', '拟办', '批示', '承办分办', '主办', '已阅', '办结']);
	});

	it('联合行文: co-issuers countersign; the lead organ numbers it; the seal names every issuer', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/documents', {
			token: clerk.token,
			json: { doc_type: '通知', title: '关于联合开展政务服务“好差评”工作的通知', body: '……',
				main_to: [ids['changan-approval']], co_issuers: [ids['sjz-approval']] },
		});
		assert.equal(r.status, 201, r.text);
		const id = r.json.id;
		assert.deepEqual(r.json.co_issuers.map((o) => o.name), ['石家庄市行政审批局']);
		const bad = await api(srv.base, 'POST', '/api/v1/documents', {
			token: clerk.token,
			json: { doc_type: '通知', title: 'x', main_to: [ids['changan-approval']], co_issuers: [ids['sjz-gov-office']] },
		});
		assert.equal(bad.status, 422);	// not the lead itself
		r = await api(srv.base, 'POST', `/api/v1/documents/${id}/submit`, { token: clerk.token, json: { reviewers: [ids['zhang.wei']] } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'countersign_required');
		r = await api(srv.base, 'POST', `/api/v1/documents/${id}/submit`, {
			token: clerk.token, json: { reviewers: [ids['wang.fang']] },
		});
		assert.equal(r.status, 200, r.text);
		await api(srv.base, 'POST', `/api/v1/documents/${id}/review`, { token: peerLeader.token, json: { approved: true } });
		r = await api(srv.base, 'POST', `/api/v1/documents/${id}/sign-off`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/documents/${id}/issue`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.doc_no, '石政办〔2026〕5号');
		const v = await api(srv.base, 'GET', `/api/v1/documents/${id}/verification`, { token: clerk.token });
		assert.equal(v.json.valid, true);
		assert.match(Buffer.from(v.json.signed_data_b64, 'base64').toString(),
		    /issuer: 石家庄市人民政府办公室、石家庄市行政审批局/);
	});

	it('changing one byte of a stored attachment breaks the seal and names the part', async () => {
		const file = path.join(srv.dataDir, 'blobs', fileSm3.slice(0, 2), fileSm3.slice(2));
		const buf = await fs.readFile(file);
		buf[100] ^= 1;
		await fs.chmod(file, 0o600);
		await fs.writeFile(file, buf);
		const r = await api(srv.base, 'GET', `/api/v1/documents/${docId}/verification`, { token: clerk.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.valid, false);
		assert.equal(r.json.signature_valid, true);
		assert.deepEqual(r.json.mismatches, ['attachment 1']);
		const p = await api(srv.base, 'GET', `/api/v1/documents/${docId}/archive-package`, { token: clerk.token });
		assert.equal(p.status, 409);
		assert.equal(errorOf(p).code, 'integrity');
	});
});
