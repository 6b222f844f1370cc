// disclosure.test.mjs -- 依申请公开 and the annual report (standards.md §4,
// counting §10; API.md "Portal"): an online request is received the day
// it is submitted (第三十一条) and due 20 working days later (第三十三条);
// the number and query code read it, and a wrong code is the very same
// 404 as an unknown number; one clarification (第三十条, a second is 409);
// the correction restarts the clock; a consultation pauses it
// (第三十二条); one extension by the head of the office (第三十三条: a
// clerk gets 403, a second 409); a partial answer (第三十七条) sealed with
// the organ's SM2 key and verifiable (tampering shows); a late answer is
// flagged and counted; overdue requests reach the supervision view; the
// annual report's figures (第五十条, 国办公开办函〔2021〕30号 表三) are
// exact; bad input changes nothing and text is escaped on pages.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { api, errorOf, listAll, ready, startServer } from './lib/server.mjs';

const NOW = '2026-09-21T09:00:00+08:00';	// Monday; §10 worked example
const XSS = '<script>alert(1)</script>2026年城市道路改造规划';

describe('disclosure on request and the annual report', () => {
	let srv, admin, clerk, leader, supervisor, citizen, citizen2;
	const ids = {};
	let first, late, mine;
	// what `init --demo` already holds (src/disclosure/demo.c): the
	// figures below are deltas over it
	let baseRows, baseAudit, baseOverdue;

	const person = (extra = {}) => ({
		org_id: ids['sjz-gov-office'], applicant_kind: 'person', name: '赵敏',
		id_number: '130102198003150017', phone: '13800138000',
		description: XSS, delivery: '在线查看', ...extra,
	});
	const auditCounts = async () => Object.fromEntries((await srv.sql(
	    "SELECT action, COUNT(*) FROM audit_events WHERE action LIKE 'disclosure.%' GROUP BY action"))
	    .stdout.trim().split('\n').filter(Boolean).map((l) => [l.split('|')[0], Number(l.split('|')[1])]));
	const count = async () => Number((await srv.sql(
	    'SELECT COUNT(*) FROM disclosure_requests')).stdout.trim());

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		for (const o of await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token }))
			ids[o.code] = o.id;
		clerk = await ready(srv.base, 'li.na');		// 石家庄市人民政府办公室, clerk
		leader = await ready(srv.base, 'zhang.wei');	// same office, leader
		supervisor = await ready(srv.base, 'chen.jing');	// 监察员
		citizen = await ready(srv.base, '130102198003150017');	// 王建国
		citizen2 = await ready(srv.base, '130102199208210022');	// 刘晓燕
		const rep = await api(srv.base, 'GET', '/api/v1/disclosure-reports/2026', { token: clerk.token });
		assert.equal(rep.status, 200, rep.text);
		baseRows = Object.fromEntries(rep.json.requests.rows.map((r) => [r.key, r.counts]));
		baseAudit = await auditCounts();
		const ov = await api(srv.base, 'GET', '/api/v1/disclosure-requests?overdue=1', { token: clerk.token });
		baseOverdue = ov.json.items.map((i) => i.no);
		assert.equal(baseOverdue.length, 1);	// the demo's registered letter
	});
	after(async () => { await srv.close(); });

	it('§4 第二十九、三十一、三十三条: an online request, received today, due in 20 working days', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { json: person() });
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.no, /^GK20260921\d{8}$/);
		assert.match(r.json.query_code, /^[2-9A-HJ-NP-Z]{8}$/);
		assert.equal(r.headers.get('location'), `/api/v1/disclosure-requests/${r.json.no}`);
		assert.equal(r.json.received_on, '2026-09-21');
		assert.equal(r.json.due_date, '2026-10-26');
		assert.equal(r.json.channel, '网上申请');
		assert.equal(r.json.status, 'handling');
		assert.equal(r.json.id_number, '1301**********0017');
		assert.equal(r.json.description, XSS);
		first = r.json;
		// only the SM3 of the code is stored
		const h = (await srv.sql(`SELECT query_code_hash FROM disclosure_requests WHERE no = '${first.no}'`)).stdout.trim();
		assert.match(h, /^[0-9a-f]{64}$/);
		assert.ok(!h.includes(first.query_code));
	});

	it('reads by number and query code; a wrong code is the same 404 as an unknown number', async () => {
		const ok = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${first.no}?query_code=${first.query_code}`);
		assert.equal(ok.status, 200);
		assert.equal(ok.json.due_date, '2026-10-26');
		assert.equal(ok.json.staff_view, false);
		const wrong = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${first.no}?query_code=AAAAAAAA`);
		const unknown = await api(srv.base, 'GET', `/api/v1/disclosure-requests/GK2026092199999999?query_code=${first.query_code}`);
		const none = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${first.no}`);
		const other = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${first.no}`, { token: citizen2.token });
		for (const r of [wrong, unknown, none, other]) {
			assert.equal(r.status, 404);
			assert.equal(r.text, wrong.text);
		}
		assert.equal(errorOf(wrong).code, 'not_found');
		// the reply does not exist yet: the same 404
		const rep = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${first.no}/reply?query_code=${first.query_code}`);
		assert.equal(rep.status, 404);
		assert.equal(rep.text, wrong.text);
		// staff of the organ see it in full
		const st = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${first.no}`, { token: clerk.token });
		assert.equal(st.status, 200);
		assert.equal(st.json.staff_view, true);
		assert.equal(st.json.id_number, '130102198003150017');
	});

	it('bad input changes nothing (GB 11643, required fields, staff-only channel)', async () => {
		const before_ = await count();
		const cases = [
			[person({ id_number: '130102198003150018' }), 422, 'invalid_id_number'],
			[person({ name: '' }), 422, 'name_required'],
			[person({ description: '   ' }), 422, 'description_required'],
			[person({ delivery: '快递' }), 422, 'invalid_delivery'],
			[person({ delivery: '电子邮件' }), 422, 'email_required'],
			[person({ phone: 'abc' }), 422, 'invalid_phone'],
			[person({ applicant_kind: 'organization', name: '某公司', id_number: undefined,
			    uscc: '91130102400001010X', legal_rep: '张三', contact_name: '李四' }), 422, 'invalid_uscc'],
			[person({ org_id: undefined }), 422, 'required'],
			[person({ org_id: 999999 }), 422, 'invalid_org'],
			[person({ channel: '挂号信', received_on: '2026-09-01' }), 403, 'staff_only'],
			[{ ...person(), extra: 1 }, 400, 'unknown_field'],
		];
		for (const [body, status, code] of cases) {
			const r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { json: body });
			assert.equal(r.status, status, `${code}: ${r.text}`);
			assert.equal(errorOf(r).code, code);
		}
		assert.equal(await count(), before_);
	});

	it('text is escaped on the pages (XSS in the description)', async () => {
		const q = await api(srv.base, 'GET', `/xxgk/disclosure?no=${first.no}&query_code=${first.query_code}`);
		assert.equal(q.status, 200);
		assert.ok(q.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
		assert.ok(!q.text.includes('<script>alert(1)'));
		const id = (await srv.sql(`SELECT id FROM disclosure_requests WHERE no = '${first.no}'`)).stdout.trim();
		first.id = id;
		const o = await api(srv.base, 'GET', `/office/disclosure/${id}`, { token: clerk.token });
		assert.equal(o.status, 200);
		assert.ok(o.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
		assert.ok(!o.text.includes('<script>alert(1)'));
		const bad = await api(srv.base, 'GET', `/xxgk/disclosure?no=${first.no}&query_code=AAAAAAAA`);
		assert.equal(bad.status, 404);
		assert.ok(!bad.text.includes('赵敏'));
	});

	it('§4 第三十条: one clarification; the correction restarts the clock', async () => {
		const p = `/api/v1/disclosure-requests/${first.no}`;
		const c1 = await api(srv.base, 'POST', `${p}/clarify`, { token: clerk.token,
		    json: { text: '请写明规划的发文字号或发布日期，补正期限10个工作日。' } });
		assert.equal(c1.status, 200, c1.text);
		assert.equal(c1.json.status, 'clarifying');
		assert.equal(c1.json.due_date, null);
		const c2 = await api(srv.base, 'POST', `${p}/clarify`, { token: clerk.token, json: { text: '再次告知' } });
		assert.equal(c2.status, 409);
		assert.equal(errorOf(c2).code, 'already_clarified');
		// not by the public, nor by another organ's clerk
		const pub = await api(srv.base, 'POST', `${p}/correct`, { token: citizen.token, json: {} });
		assert.equal(pub.status, 403);
		const fut = await api(srv.base, 'POST', `${p}/correct`, { token: clerk.token,
		    json: { corrected_on: '2026-09-22' } });
		assert.equal(fut.status, 422);
		const ok = await api(srv.base, 'POST', `${p}/correct`, { token: clerk.token,
		    json: { corrected_on: '2026-09-21', text: '石政办〔2026〕12号' } });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.status, 'handling');
		assert.equal(ok.json.clock_start, '2026-09-21');
		assert.equal(ok.json.due_date, '2026-10-26');
	});

	it('§4 第三十二、三十三条: consultation, then one extension by the head of the office', async () => {
		const p = `/api/v1/disclosure-requests/${first.no}`;
		const s = await api(srv.base, 'POST', `${p}/consultations`, { token: clerk.token,
		    json: { kind: '第三方', party: '某建设集团有限公司' } });
		assert.equal(s.status, 200, s.text);
		assert.equal(s.json.status, 'consulting');
		assert.equal(s.json.consultation.kind, '第三方');
		const busy = await api(srv.base, 'POST', `${p}/answer`, { token: clerk.token,
		    json: { outcome: '予以公开', text: '见附件' } });
		assert.equal(busy.status, 409);
		const e = await api(srv.base, 'POST', `${p}/consultations/end`, { token: clerk.token,
		    json: { result: '第三方不同意公开其报价' } });
		assert.equal(e.status, 200, e.text);
		assert.equal(e.json.paused_days, 0);
		assert.equal(e.json.due_date, '2026-10-26');
		const no = await api(srv.base, 'POST', `${p}/extend`, { token: clerk.token,
		    json: { days: 20, reason: '涉及多个部门' } });
		assert.equal(no.status, 403);
		const bad = await api(srv.base, 'POST', `${p}/extend`, { token: leader.token,
		    json: { days: 21, reason: '涉及多个部门' } });
		assert.equal(bad.status, 422);
		assert.equal(errorOf(bad).code, 'invalid_days');
		const ok = await api(srv.base, 'POST', `${p}/extend`, { token: leader.token,
		    json: { days: 20, reason: '涉及多个部门' } });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.extended_days, 20);
		assert.equal(ok.json.due_date, '2026-11-23');
		const again = await api(srv.base, 'POST', `${p}/extend`, { token: leader.token,
		    json: { days: 5, reason: '再次延期' } });
		assert.equal(again.status, 409);
		assert.equal(errorOf(again).code, 'already_extended');
	});

	it('§4 第三十六、三十七条: partial disclosure, sealed and verifiable', async () => {
		const p = `/api/v1/disclosure-requests/${first.no}`;
		const bad = await api(srv.base, 'POST', `${p}/answer`, { token: clerk.token,
		    json: { outcome: '部分同意', text: 'x' } });
		assert.equal(bad.status, 422);
		assert.equal(errorOf(bad).code, 'invalid_outcome');
		const noParts = await api(srv.base, 'POST', `${p}/answer`, { token: clerk.token,
		    json: { outcome: '部分公开', reason: '保护第三方合法权益', text: '规划文本见附件。',
		        legal_basis: '《中华人民共和国政府信息公开条例》第十五条、第三十七条' } });
		assert.equal(noParts.status, 422);
		assert.equal(errorOf(noParts).code, 'parts_required');
		const ok = await api(srv.base, 'POST', `${p}/answer`, { token: clerk.token,
		    json: { outcome: '部分公开', reason: '保护第三方合法权益', text: '规划文本见附件。',
		        parts: '公开规划文本；施工单位报价不予公开',
		        legal_basis: '《中华人民共和国政府信息公开条例》第十五条、第三十七条' } });
		assert.equal(ok.status, 200, ok.text);
		assert.equal(ok.json.status, 'answered');
		assert.equal(ok.json.answer.outcome, '部分公开');
		assert.equal(ok.json.answer.late, false);
		assert.equal(ok.json.answer.reply_no, `${first.no}-DF`);
		const twice = await api(srv.base, 'POST', `${p}/answer`, { token: clerk.token,
		    json: { outcome: '予以公开', text: 'x' } });
		assert.equal(twice.status, 409);
		const rep = await api(srv.base, 'GET', `${p}/reply?query_code=${first.query_code}`);
		assert.equal(rep.status, 200, rep.text);
		assert.equal(rep.json.valid, true);
		assert.equal(rep.json.verification.algorithm, 'SM2-SM3');
		const signed = Buffer.from(rep.json.verification.signed_data_b64, 'base64').toString();
		assert.ok(signed.startsWith('zhengwu-disclosure-reply/1\nkind:政府信息公开申请答复书\n'));
		assert.ok(signed.includes('施工单位报价不予公开'));
		assert.ok(signed.includes(`request:${first.no}\n`));
		const page = await api(srv.base, 'GET', `/xxgk/disclosure/${first.no}/reply?query_code=${first.query_code}`);
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('政府信息公开申请答复书'));
		assert.ok(page.text.includes('SM2 签名有效'));
		const wrong = await api(srv.base, 'GET', `/xxgk/disclosure/${first.no}/reply?query_code=AAAAAAAA`);
		assert.equal(wrong.status, 404);
		// the seal really is checked: altering the stored text breaks it
		await srv.sql(`UPDATE disclosure_requests SET reply_signed_data = replace(reply_signed_data, `
		    + `'施工单位报价不予公开', '全部公开') WHERE no = '${first.no}'`);
		const t = await api(srv.base, 'GET', `${p}/reply?query_code=${first.query_code}`);
		assert.equal(t.status, 200);
		assert.equal(t.json.valid, false);
		assert.equal(t.json.verification.valid, false);
	});

	it('the public form: a refused form is shown again and stores nothing; a good one gives the code once', async () => {
		const before_ = await count();
		const form = (o) => new URLSearchParams({ org_id: String(ids['sjz-gov-office']),
		    applicant_kind: 'person', name: '孙悦', id_number: '130102198003150018',
		    phone: '13700137000', description: '2026年财政预算执行情况', delivery: '在线查看', ...o }).toString();
		const ct = { 'Content-Type': 'application/x-www-form-urlencoded' };
		const bad = await api(srv.base, 'POST', '/xxgk/apply', { headers: ct, body: form({}) });
		assert.equal(bad.status, 422);
		assert.ok(bad.text.includes('身份证号码不正确（GB 11643）'));
		assert.ok(bad.text.includes('value="孙悦"'));
		assert.equal(await count(), before_);
		const ok = await api(srv.base, 'POST', '/xxgk/apply', { headers: ct,
		    body: form({ id_number: '130102199208210022' }) });
		assert.equal(ok.status, 201);
		assert.equal(ok.headers.get('cache-control'), 'no-store');
		const no = ok.text.match(/<dd id="no">(GK\d+)<\/dd>/)[1];
		const code = ok.text.match(/<dd id="query_code"><strong>([2-9A-Z]{8})<\/strong>/)[1];
		const g = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${no}?query_code=${code}`);
		assert.equal(g.status, 200);
		assert.equal(g.json.applicant_name, '孙悦');
		assert.equal(await count(), before_ + 1);
	});

	it('a late answer is allowed, flagged and shown to supervision', async () => {
		// a registered letter received 2026-08-03: due 2026-08-31
		const r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { token: clerk.token,
		    json: { org_id: ids['sjz-gov-office'], applicant_kind: 'organization',
		        org_type: '法律服务机构', name: '河北某律师事务所', uscc: '91130102400001010E',
		        legal_rep: '张三', contact_name: '李四', phone: '0311-87654321',
		        address: '石家庄市长安区中山东路1号', description: '2025年行政处罚决定书目录',
		        delivery: '纸质', channel: '挂号信', received_on: '2026-08-03' } });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.received_on, '2026-08-03');
		assert.equal(r.json.due_date, '2026-08-31');
		assert.equal(r.json.overdue, true);
		late = r.json;
		// another organ's clerk may not record for this one
		const out = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { token: (await ready(srv.base, 'liu.yang')).token,
		    json: { org_id: ids['sjz-gov-office'], applicant_kind: 'person', name: '赵敏',
		        id_number: '130102198003150017', phone: '13800138000', description: 'x',
		        delivery: '在线查看', channel: '当面提交', received_on: '2026-09-21' } });
		assert.equal(out.status, 403);
		const list = await api(srv.base, 'GET', '/api/v1/disclosure-requests?overdue=1', { token: clerk.token });
		assert.equal(list.status, 200);
		assert.deepEqual(list.json.items.map((i) => i.no), [...baseOverdue, late.no]);
		const sv = await api(srv.base, 'GET', '/office/supervision', { token: supervisor.token });
		assert.equal(sv.status, 200);
		assert.match(sv.text, /依申请公开超过答复期限未答复：<a href="\/office\/disclosure\?overdue=1">2 件<\/a>/);
		const svl = await api(srv.base, 'GET', '/office/disclosure?overdue=1', { token: supervisor.token });
		assert.equal(svl.status, 200);
		assert.ok(svl.text.includes(late.no));
		// past due: no extension any more
		const ext = await api(srv.base, 'POST', `/api/v1/disclosure-requests/${late.no}/extend`,
		    { token: leader.token, json: { days: 10, reason: '来不及' } });
		assert.equal(ext.status, 409);
		assert.equal(errorOf(ext).code, 'extend_after_due');
		const a = await api(srv.base, 'POST', `/api/v1/disclosure-requests/${late.no}/answer`,
		    { token: clerk.token, json: { outcome: '信息不存在', text: '经检索，本机关未制作或获取该信息。' } });
		assert.equal(a.status, 200, a.text);
		assert.equal(a.json.answer.late, true);
		assert.equal(a.json.late, true);
		const after_ = await api(srv.base, 'GET', '/office/supervision', { token: supervisor.token });
		assert.match(after_.text, /overdue=1">1 件<\/a>/);
	});

	it('a logged-in applicant sees their requests without the code; others do not', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { token: citizen.token,
		    json: person({ name: '王建国', description: '长安区2026年低保资金发放情况' }) });
		assert.equal(r.status, 201, r.text);
		mine = r.json;
		const l = await api(srv.base, 'GET', '/api/v1/disclosure-requests', { token: citizen.token });
		assert.equal(l.status, 200);
		assert.deepEqual(l.json.items.map((i) => i.no), [mine.no]);
		const g = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${mine.no}`, { token: citizen.token });
		assert.equal(g.status, 200);
		const o = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${mine.no}`, { token: citizen2.token });
		assert.equal(o.status, 404);
		const page = await api(srv.base, 'GET', '/my/disclosure', { token: citizen.token });
		assert.equal(page.status, 200);
		assert.ok(page.text.includes(mine.no));
		const form = await api(srv.base, 'GET', '/xxgk/apply', { token: citizen.token });
		assert.equal(form.status, 200);
		assert.ok(form.text.includes('value="130102198003150017"'));
	});

	it('§4 第五十条: the annual report, its figures exact, published by the head', async () => {
		const put = await api(srv.base, 'PUT', '/api/v1/disclosure-reports/2026', { token: clerk.token,
		    json: { sections: { overview: '2026年，本机关认真贯彻落实《条例》。', problems: '<b>问题</b>' } } });
		assert.equal(put.status, 200, put.text);
		assert.equal(put.json.published, false);
		const badSec = await api(srv.base, 'PUT', '/api/v1/disclosure-reports/2026', { token: clerk.token,
		    json: { sections: { nonsense: 'x' } } });
		assert.equal(badSec.status, 422);
		const hidden = await api(srv.base, 'GET', '/api/v1/disclosure-reports/2026');
		assert.equal(hidden.status, 404);
		const nope = await api(srv.base, 'POST', '/api/v1/disclosure-reports/2026/publish', { token: clerk.token });
		assert.equal(nope.status, 403);
		const pub = await api(srv.base, 'POST', '/api/v1/disclosure-reports/2026/publish', { token: leader.token });
		assert.equal(pub.status, 200, pub.text);
		const r = await api(srv.base, 'GET', '/api/v1/disclosure-reports/2026');
		assert.equal(r.status, 200);
		assert.equal(r.json.published, true);
		assert.equal(r.json.sections.find((s) => s.key === 'overview').text, '2026年，本机关认真贯彻落实《条例》。');
		// the rows as deltas over the demo's
		const row = (k) => {
			const c = { ...r.json.requests.rows.find((x) => x.key === k).counts };
			for (const col of Object.keys(c))
				c[col] -= baseRows[k][col];
			return c;
		};
		const z = { person: 0, commercial: 0, research: 0, public_welfare: 0, legal_service: 0, other: 0, total: 0 };
		assert.deepEqual(row('new'), { ...z, person: 3, legal_service: 1, total: 4 });
		assert.deepEqual(row('carried_in'), z);
		assert.deepEqual(row('partial'), { ...z, person: 1, total: 1 });
		assert.deepEqual(row('disclose'), z);
		assert.deepEqual(row('unavailable_not_held'), { ...z, legal_service: 1, total: 1 });
		assert.deepEqual(row('answered_total'), { ...z, person: 1, legal_service: 1, total: 2 });
		assert.deepEqual(row('carried_out'), { ...z, person: 2, total: 2 });
		assert.deepEqual(row('late'), { ...z, legal_service: 1, total: 1 });
		assert.deepEqual(row('overdue_open'), z);
		assert.equal(r.json.requests.rows.find((x) => x.key === 'refused_petition').tracked, false);
		// 表三's balance: 一 + 二 = 三（七）+ 四
		const abs = (k) => r.json.requests.rows.find((x) => x.key === k).counts.total;
		assert.equal(abs('new') + abs('carried_in'), abs('answered_total') + abs('carried_out'));
		// proactive: the portal's articles published in 2026, by category
		const want = {};
		for (const line of (await srv.sql("SELECT category, COUNT(*) FROM articles WHERE "
		    + "published_on >= '2026-01-01' AND published_on <= '2026-12-31' AND state IN "
		    + "('published', 'withdrawn') GROUP BY category")).stdout.trim().split('\n').filter(Boolean)) {
			const [c, n] = line.split('|');
			want[c] = Number(n);
		}
		const got = {};
		for (const it of r.json.proactive.items)
			if (it.count)
				got[it.category] = it.count;
		assert.deepEqual(got, want);
		assert.equal(r.json.proactive.total, Object.values(want).reduce((a, b) => a + b, 0));
		const page = await api(srv.base, 'GET', '/xxgk/report/2026');
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('&lt;b&gt;问题&lt;/b&gt;'));
		assert.match(page.text, new RegExp('<tr id="r-new"><td>一</td><td>本年新收政府信息公开申请数量</td>'
		    + `<td class="num">${baseRows.new.person + 3}</td>`));
		assert.equal((await api(srv.base, 'GET', '/xxgk/report/2025')).status, 404);
		assert.equal((await api(srv.base, 'GET', '/xxgk/report/abc')).status, 404);
	});

	it('every state change is audited', async () => {
		const now = await auditCounts();
		const delta = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - (baseAudit[k] || 0)]));
		assert.deepEqual(delta, { 'disclosure.answer': 2, 'disclosure.clarify': 1,
			'disclosure.consult': 1, 'disclosure.consult_end': 1, 'disclosure.correct': 1,
			'disclosure.extend': 1, 'disclosure.report_publish': 1, 'disclosure.report_save': 1,
			'disclosure.submit': 4 });
	});
});

describe('disclosure: the back-office pages', () => {
	let srv, clerk, orgId;
	const ct = { 'Content-Type': 'application/x-www-form-urlencoded' };
	const form = (o) => new URLSearchParams(o).toString();

	before(async () => {
		srv = await startServer({ now: NOW });
		clerk = await ready(srv.base, 'li.na');
		orgId = clerk.user.org_id;
	});
	after(async () => { await srv.close(); });

	it('records a letter (第三十一条), then a second clarification and a bad answer are refused on the page', async () => {
		const rec = await api(srv.base, 'POST', '/office/disclosure/new', { token: clerk.token, headers: ct,
		    body: form({ org_id: String(orgId), applicant_kind: 'person', name: '孙悦',
		        id_number: '130102199208210022', phone: '13700137000', description: '财政预算执行情况',
		        delivery: '在线查看', channel: '平常信函', received_on: '2026-09-18' }) });
		assert.equal(rec.status, 201, rec.text.slice(0, 500));
		const no = rec.text.match(/<dd id="no">(GK\d+)<\/dd>/)[1];
		assert.match(no, /^GK20260918/);
		const g = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${no}`, { token: clerk.token });
		assert.equal(g.json.channel, '平常信函');
		assert.equal(g.json.received_on, '2026-09-18');
		assert.equal(g.json.due_date, '2026-10-22');	// 9/20 调休 counted, 9/25 and 国庆 not
		const id = g.json.id;
		const c1 = await api(srv.base, 'POST', `/office/disclosure/${id}/clarify`, { token: clerk.token,
		    headers: ct, body: form({ text: '请写明年度' }) });
		assert.equal(c1.status, 303);
		const c2 = await api(srv.base, 'POST', `/office/disclosure/${id}/clarify`, { token: clerk.token,
		    headers: ct, body: form({ text: '再次' }) });
		assert.equal(c2.status, 409);
		assert.ok(c2.text.includes('补正告知只能发出一次'));
		const fix = await api(srv.base, 'POST', `/office/disclosure/${id}/correct`, { token: clerk.token,
		    headers: ct, body: form({ corrected_on: '', text: '2026年度' }) });
		assert.equal(fix.status, 303);
		const bad = await api(srv.base, 'POST', `/office/disclosure/${id}/answer`, { token: clerk.token,
		    headers: ct, body: form({ outcome: '不予公开', reason: '', text: '不予公开', legal_basis: '' }) });
		assert.equal(bad.status, 422);
		assert.ok(bad.text.includes('须选择理由'));
		const after_ = await api(srv.base, 'GET', `/api/v1/disclosure-requests/${no}`, { token: clerk.token });
		assert.equal(after_.json.status, 'handling');
		assert.equal(after_.json.answer, null);
		assert.equal(after_.json.due_date, '2026-10-26');	// restarted 2026-09-21
		const ext = await api(srv.base, 'POST', `/office/disclosure/${id}/extend`, { token: clerk.token,
		    headers: ct, body: form({ days: '10', reason: 'x' }) });
		assert.equal(ext.status, 403);
	});
});

describe('online requests are rate limited per address', () => {
	let srv;
	before(async () => {
		srv = await startServer({ now: NOW, env: { ZHENGWU_DISCLOSURE_RATE_PER_HOUR: '2' } });
	});
	after(async () => { await srv?.close(); });

	it('the 3rd request in an hour from one address → 429 and nothing stored; staff recording paper requests are not limited', async () => {
		const count = async () => Number((await srv.sql('SELECT COUNT(*) FROM disclosure_requests')).stdout.trim());
		for (let i = 1; i <= 2; i++) {
			const r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { json: {} });
			assert.equal(r.status, 422, `attempt ${i}`);
		}
		const before_ = await count();
		let r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { json: {} });
		assert.equal(r.status, 429);
		assert.equal(errorOf(r).code, 'rate_limited');
		assert.ok(Number(r.headers.get('retry-after')) > 0);
		/* the public form shares the limit and keeps what was typed */
		r = await api(srv.base, 'POST', '/xxgk/apply', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		    body: new URLSearchParams({ name: '张三', description: '申请公开道路规划' }).toString() });
		assert.equal(r.status, 429);
		assert.match(r.text, /提交过于频繁/);
		assert.match(r.text, /申请公开道路规划/);
		assert.equal(await count(), before_);
		/* staff are not counted */
		const clerk = await ready(srv.base, 'li.na');
		r = await api(srv.base, 'POST', '/api/v1/disclosure-requests', { token: clerk.token, json: {} });
		assert.notEqual(r.status, 429);
	});
});
