// letters.test.mjs -- 领导信箱 / 咨询 / 投诉 (issue 5 "Portal", API.md:
// POST /api/v1/letters, GET /api/v1/letters/{no}?query_code=, …/reply).
// Deadlines per category in working days (standards.md §8) counted by
// the §10 rule over the official 2026 calendar (中秋 9/25–27, 国庆
// 10/1–7, 10/10 调休), driven by --now; the writer's query code, 转办,
// reply, rating, publication with masked personal data, the overdue
// flag when the clock moves, and refused input that changes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, api, login, ready } from './lib/server.mjs';

const NOW = '2026-09-21T09:00:00+08:00';	// Monday
const PERSON = '130102198003150017';		// demo citizen 王建国
const PERSON2 = '130102199208210022';		// demo citizen 刘晓燕
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

async function one(srv, sql) {
	const r = await srv.sql(sql);
	assert.equal(r.code, 0, r.stderr);
	return r.stdout.trim();
}

const count = (srv) => one(srv, 'SELECT COUNT(*) FROM letters');

/* Fetch and solve the arithmetic challenge, as a person would. */
async function challenge(base) {
	const r = await api(base, 'GET', '/api/v1/letters/challenge');
	assert.equal(r.status, 200);
	const m = /^(\d+) 加 (\d+) 等于多少？$/.exec(r.json.question);
	assert.ok(m, r.json.question);
	return { challenge_token: r.json.token,
	    challenge_answer: String(Number(m[1]) + Number(m[2])) };
}

describe('letters', () => {
	let srv, clerk, dclerk, other, sjz, office, approval;
	const sent = {};

	async function submit(fields, opts = {}) {
		const ch = opts.noChallenge ? {} : await challenge(srv.base);
		return api(srv.base, 'POST', '/api/v1/letters', {
			json: { category: '咨询', target_org_id: sjz, name: '王建国',
			    phone: '13812345678', subject: '咨询', content: '内容',
			    public_consent: true, ...ch, ...fields }, ...opts });
	}

	before(async () => {
		srv = await startServer({ now: NOW,
		    env: { ZHENGWU_LETTERS_RATE_PER_HOUR: '1000' } });
		sjz = Number(await one(srv, "SELECT id FROM orgs WHERE code = 'sjz'"));
		office = Number(await one(srv, "SELECT id FROM orgs WHERE code = 'sjz-gov-office'"));
		approval = Number(await one(srv, "SELECT id FROM orgs WHERE code = 'sjz-approval'"));
		clerk = await ready(srv.base, 'li.na');		// 市政府办公室 clerk
		dclerk = await ready(srv.base, 'liu.yang');	// 市行政审批局 clerk
		other = await ready(srv.base, 'sun.li');	// 长安区行政审批局 clerk
	});
	after(async () => { await srv?.close(); });

	it('submits to the mayor mailbox with a number, a query code and a §8 deadline', async () => {
		const r = await submit({ leader: '李明', subject: '<script>alert(1)</script>公交线路',
		    content: '我的手机13812345678，身份证130102198003150017，请回电。\n第二行' });
		assert.equal(r.status, 201, r.text);
		assert.match(r.json.no, /^XJ20260921\d{8}$/);
		assert.match(r.json.query_code, /^[2-9A-HJ-NP-Z]{8}$/);
		// 咨询: 2 working days after Mon 9/21.
		assert.equal(r.json.due_date, '2026-09-23');
		sent.consult = r.json;
		// Only the SM3 of the code is stored.
		const h = await one(srv, `SELECT query_code_hash FROM letters WHERE no = '${r.json.no}'`);
		assert.match(h, /^[0-9a-f]{64}$/);
		assert.equal(await one(srv, `SELECT COUNT(*) FROM letters WHERE query_code_hash LIKE '%${r.json.query_code}%'`), '0');
	});

	it('counts 建议 and 投诉 deadlines over 中秋, 国庆 and the 10/10 调休 (§10)', async () => {
		const s = await submit({ category: '建议', target_org_id: approval,
		    subject: '建议', content: '建议增加周末窗口', public_consent: false });
		assert.equal(s.status, 201, s.text);
		assert.equal(s.json.due_date, '2026-10-12');
		sent.suggest = s.json;
		const c = await submit({ category: '投诉', subject: '投诉', content: '窗口态度差' });
		assert.equal(c.status, 201, c.text);
		// 9/22–24, 9/28–30, 10/8, 10/9, 10/10 (调休), 10/12–16, 10/19.
		assert.equal(c.json.due_date, '2026-10-19');
		sent.complaint = c.json;
		// 建议 went to the department itself (it has its own site, no manager).
		const o = await api(srv.base, 'GET', `/api/v1/letters/${s.json.no}`, { token: dclerk.token });
		assert.equal(o.status, 200, o.text);
		assert.equal(o.json.handler_org_id, approval);
	});

	it('answers a wrong code and an unknown number with the identical 404', async () => {
		const { no, query_code } = sent.consult;
		const ok = await api(srv.base, 'GET', `/api/v1/letters/${no}?query_code=${query_code}`);
		assert.equal(ok.status, 200);
		assert.equal(ok.json.status, 'submitted');
		assert.equal(ok.json.due_date, '2026-09-23');
		assert.equal(ok.json.leader, '李明');
		assert.equal(ok.json.reply, null);
		const wrong = await api(srv.base, 'GET', `/api/v1/letters/${no}?query_code=AAAAAAAA`);
		const unknown = await api(srv.base, 'GET', '/api/v1/letters/XJ2026092199999999?query_code=AAAAAAAA');
		const none = await api(srv.base, 'GET', `/api/v1/letters/${no}`);
		assert.equal(wrong.status, 404);
		assert.equal(unknown.status, 404);
		assert.equal(none.status, 404);
		assert.equal(wrong.text, unknown.text);
		assert.equal(none.text, unknown.text);
		assert.equal(wrong.json.error.code, 'not_found');
	});

	it('shows incoming letters to the receiving office only, within data scope', async () => {
		const l = await api(srv.base, 'GET', '/api/v1/letters', { token: clerk.token });
		assert.equal(l.status, 200);
		const nos = l.json.items.map((x) => x.no);
		assert.ok(nos.includes(sent.consult.no));
		assert.ok(!nos.includes(sent.suggest.no));
		assert.equal(l.json.items.find((x) => x.no === sent.consult.no).overdue, false);
		assert.equal(l.json.overdue_count, 0);
		const o = await api(srv.base, 'GET', `/api/v1/letters/${sent.consult.no}`, { token: other.token });
		assert.equal(o.status, 404);
		const d = await api(srv.base, 'GET', `/api/v1/letters/${sent.consult.no}`, { token: dclerk.token });
		assert.equal(d.status, 404);
	});

	it('routes (转办) with a reason, the department replies, history and audit kept', async () => {
		const { no } = sent.consult;
		const bad = await api(srv.base, 'POST', `/api/v1/letters/${no}/route`,
		    { token: clerk.token, json: { org_id: approval, reason: '' } });
		assert.equal(bad.status, 422);
		const r = await api(srv.base, 'POST', `/api/v1/letters/${no}/route`,
		    { token: clerk.token, json: { org_id: approval, reason: '属行政审批局职责' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'routed');
		assert.equal(r.json.handler_org_id, approval);
		const ev = r.json.events.find((e) => e.action === 'route');
		assert.equal(ev.note, '属行政审批局职责');
		assert.equal(ev.to_org_name, '石家庄市行政审批局');
		// The office routed it away: the department answers.
		const notme = await api(srv.base, 'POST', `/api/v1/letters/${no}/reply`,
		    { token: clerk.token, json: { reply: '答复' } });
		assert.equal(notme.status, 403);
		assert.equal(notme.json.error.code, 'not_handler');
		const rep = await api(srv.base, 'POST', `/api/v1/letters/${no}/reply`,
		    { token: dclerk.token, json: { reply: '已调整线路。联系电话13912345678。' } });
		assert.equal(rep.status, 200, rep.text);
		assert.equal(rep.json.status, 'replied');
		assert.equal(rep.json.reply_org_name, '石家庄市行政审批局');
		assert.equal(rep.json.replied_on, '2026-09-21');
		assert.equal(rep.json.on_time, true);
		const again = await api(srv.base, 'POST', `/api/v1/letters/${no}/reply`,
		    { token: dclerk.token, json: { reply: '再次答复' } });
		assert.equal(again.status, 409);
		const id = r.json.id;
		const acts = await one(srv, `SELECT COUNT(*) FROM audit_events WHERE object_type = 'letter' AND object_id = '${id}'`);
		assert.equal(acts, '3');	// submit, route, reply
	});

	it('lets the writer rate once with the query code', async () => {
		const { no, query_code } = sent.consult;
		const w = await api(srv.base, 'POST', `/api/v1/letters/${no}/rate`,
		    { json: { rating: '满意', query_code: 'AAAAAAAA' } });
		assert.equal(w.status, 404);
		const bad = await api(srv.base, 'POST', `/api/v1/letters/${no}/rate`,
		    { json: { rating: '很好', query_code } });
		assert.equal(bad.status, 422);
		assert.equal(bad.json.error.code, 'invalid_rating');
		const r = await api(srv.base, 'POST', `/api/v1/letters/${no}/rate`,
		    { json: { rating: '基本满意', query_code } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'closed');
		assert.equal(r.json.rating, '基本满意');
		const again = await api(srv.base, 'POST', `/api/v1/letters/${no}/rate`,
		    { json: { rating: '不满意', query_code } });
		assert.equal(again.status, 409);
		assert.equal(again.json.error.code, 'already_rated');
		assert.equal(await one(srv, `SELECT rating FROM letters WHERE no = '${no}'`), '基本满意');
	});

	it('publishes with consent only; the public page masks personal data and escapes HTML', async () => {
		const { no } = sent.consult;
		// Not replied yet: refused.
		const early = await api(srv.base, 'POST', `/api/v1/letters/${sent.complaint.no}/publish`,
		    { token: clerk.token, json: {} });
		assert.equal(early.status, 409);
		assert.equal(early.json.error.code, 'not_replied');
		const before = await api(srv.base, 'GET', `/letters/${no}`);
		assert.equal(before.status, 404);
		const p = await api(srv.base, 'POST', `/api/v1/letters/${no}/publish`,
		    { token: dclerk.token, json: {} });
		assert.equal(p.status, 200, p.text);
		assert.equal(p.json.url, `/letters/${no}`);
		const page = await api(srv.base, 'GET', p.json.url);
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('王**'));
		assert.ok(!page.text.includes('王建国'));
		assert.ok(!page.text.includes('13812345678'));
		assert.ok(page.text.includes('138****5678'));
		assert.ok(!page.text.includes('130102198003150017'));
		assert.ok(page.text.includes('1301**********0017'));
		assert.ok(page.text.includes('139****5678'));	// in the reply too
		assert.ok(!page.text.includes('<script>alert(1)'));
		assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;公交线路'));
		const list = await api(srv.base, 'GET', '/letters');
		assert.equal(list.status, 200);
		assert.ok(list.text.includes(`/letters/${no}`));
		// The site search finds it by a two-character word, masked (issue: one search
		// over articles, items and published letters); unpublished letters are never found.
		const found = await api(srv.base, 'GET', `/api/v1/search?q=${encodeURIComponent('公交')}&type=letter`);
		assert.equal(found.status, 200, found.text);
		assert.deepEqual(found.json.items.map((x) => x.url), [`/letters/${no}`]);
		assert.ok(!JSON.stringify(found.json).includes('13812345678'));
		const hidden = await api(srv.base, 'GET', `/api/v1/search?q=${encodeURIComponent('窗口态度')}&type=letter`);
		assert.equal(hidden.json.items.length, 0);
		// 建议 without consent: never published.
		await api(srv.base, 'POST', `/api/v1/letters/${sent.suggest.no}/reply`,
		    { token: dclerk.token, json: { reply: '感谢建议' } });
		const nc = await api(srv.base, 'POST', `/api/v1/letters/${sent.suggest.no}/publish`,
		    { token: dclerk.token, json: {} });
		assert.equal(nc.status, 403);
		assert.equal(nc.json.error.code, 'no_consent');
		// The demo's published letter and this one.
		assert.equal(await one(srv, 'SELECT COUNT(*) FROM letters WHERE published = 1'), '2');
	});

	it('refuses bad input and changes nothing', async () => {
		const n0 = await count(srv);
		const long = await submit({ subject: '长'.repeat(101), content: '超长标题' });
		assert.equal(long.status, 422);
		assert.equal(long.json.error.code, 'too_long');
		assert.equal(long.json.error.field, 'subject');
		const longc = await submit({ subject: '超长', content: '字'.repeat(5001) });
		assert.equal(longc.status, 422);
		assert.equal(longc.json.error.field, 'content');
		const noch = await submit({ subject: '无验证', content: '无验证' }, { noChallenge: true });
		assert.equal(noch.status, 422);
		assert.equal(noch.json.error.code, 'challenge_required');
		const ch = await challenge(srv.base);
		const wrong = await submit({ subject: '错', content: '错误答案',
		    challenge_token: ch.challenge_token, challenge_answer: '999' }, { noChallenge: true });
		assert.equal(wrong.status, 422);
		assert.equal(wrong.json.error.code, 'challenge_failed');
		const tampered = await submit({ subject: '改', content: '篡改令牌',
		    challenge_token: ch.challenge_token.replace(/^\d/, '9'),
		    challenge_answer: ch.challenge_answer }, { noChallenge: true });
		assert.equal(tampered.status, 422);
		const cat = await submit({ category: '表扬', content: '类别错' });
		assert.equal(cat.status, 422);
		assert.equal(cat.json.error.code, 'invalid_category');
		const org = await submit({ target_org_id: 999999, content: '单位错' });
		assert.equal(org.status, 422);
		const ph = await submit({ phone: 'abc', content: '电话错' });
		assert.equal(ph.status, 422);
		assert.equal(ph.json.error.code, 'invalid_phone');
		// Same content as the complaint, same phone: a duplicate.
		const dup = await submit({ category: '投诉', subject: '再投诉', content: '窗口态度差' });
		assert.equal(dup.status, 409);
		assert.equal(dup.json.error.code, 'duplicate_letter');
		// Same content, another phone, same IP: still a duplicate.
		const dup2 = await submit({ phone: '13700000000', content: '窗口态度差' });
		assert.equal(dup2.status, 409);
		assert.equal(await count(srv), n0);
		// A form with a wrong answer comes back in Chinese, nothing stored.
		const f = await api(srv.base, 'POST', '/letters/new', { headers: FORM,
		    body: new URLSearchParams({ category: '咨询', target_org_id: String(sjz),
		    name: '张三', phone: '13811112222', subject: '表单', content: '表单内容',
		    challenge_token: ch.challenge_token, challenge_answer: '999' }).toString() });
		assert.equal(f.status, 422);
		assert.ok(f.text.includes('验证问题回答错误或已过期'));
		assert.ok(f.text.includes('表单内容'));
		assert.equal(await count(srv), n0);
	});

	it('takes a letter through the form and the query page', async () => {
		const ch = await challenge(srv.base);
		const f = await api(srv.base, 'POST', '/letters/new', { headers: FORM,
		    body: new URLSearchParams({ category: '求助', leader: '李明',
		    name: '张三', phone: '13811112222', subject: '表单来信', content: '表单来信内容',
		    public_consent: '1', ...ch }).toString() });
		assert.equal(f.status, 201, f.text);
		const no = /<strong>(XJ\d+)<\/strong>/.exec(f.text)[1];
		const code = /查询码<\/dt><dd><strong>([A-Z0-9]{8})</.exec(f.text)[1];
		assert.ok(f.text.includes('2026-10-12'));	// 求助 10 working days
		const q = await api(srv.base, 'POST', '/letters/query', { headers: FORM,
		    body: new URLSearchParams({ no, query_code: code }).toString() });
		assert.equal(q.status, 200);
		assert.ok(q.text.includes('表单来信内容'));
		assert.ok(q.text.includes('待处理'));
		const bad = await api(srv.base, 'POST', '/letters/query', { headers: FORM,
		    body: new URLSearchParams({ no, query_code: 'AAAAAAAA' }).toString() });
		assert.equal(bad.status, 404);
		assert.ok(!bad.text.includes('表单来信内容'));
		sent.form = { no, query_code: code };
	});

	it('lets a logged-in citizen write without the challenge and see their letters', async () => {
		const me = await login(srv.base, PERSON);
		const r = await submit({ subject: '登录用户来信', content: '登录用户的信' },
		    { noChallenge: true, token: me.token });
		assert.equal(r.status, 201, r.text);
		const mine = await api(srv.base, 'GET', '/api/v1/letters', { token: me.token });
		assert.equal(mine.status, 200);
		assert.deepEqual(mine.json.items.map((x) => x.no), [r.json.no]);
		const g = await api(srv.base, 'GET', `/api/v1/letters/${r.json.no}`, { token: me.token });
		assert.equal(g.status, 200);
		const her = await login(srv.base, PERSON2);
		const h = await api(srv.base, 'GET', `/api/v1/letters/${r.json.no}`, { token: her.token });
		assert.equal(h.status, 404);
		const page = await api(srv.base, 'GET', '/my/letters', { cookie: me.cookie });
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('登录用户来信'));
	});

	it('flags overdue letters when the clock passes the due date', async () => {
		await srv.restart({ now: '2026-09-24T10:00:00+08:00',
		    env: { ZHENGWU_LETTERS_RATE_PER_HOUR: '1000' } });
		// Three days idle: the sessions have expired.
		clerk = await login(srv.base, 'li.na', clerk.password);
		const l = await api(srv.base, 'GET', '/api/v1/letters?status=overdue', { token: clerk.token });
		assert.equal(l.status, 200, l.text);
		// The citizen's 咨询 (due 9/23, unanswered) is overdue; the
		// 投诉 (due 10/19) and the 求助 (due 10/8) are not.
		const nos = l.json.items.map((x) => x.no);
		assert.equal(nos.length, 1);
		assert.ok(!nos.includes(sent.complaint.no));
		assert.equal(l.json.overdue_count, 1);
		const all = await api(srv.base, 'GET', '/api/v1/letters', { token: clerk.token });
		assert.equal(all.json.items.find((x) => x.no === sent.complaint.no).overdue, false);
		const st = await api(srv.base, 'GET', '/api/v1/letters/stats?year=2026');
		assert.equal(st.status, 200);
		// 5 letters here and the demo's 3 (one answered), all on 9/21.
		assert.equal(st.json.received, 8);
		assert.equal(st.json.replied, 3);
		assert.equal(st.json.replied_on_time, 3);
		assert.equal(st.json.on_time_rate, '100.0%');
		assert.equal(st.json.overdue, 1);
		const page = await api(srv.base, 'GET', '/letters/stats');
		assert.equal(page.status, 200);
		assert.ok(page.text.includes('石家庄市行政审批局'));
		const office = await api(srv.base, 'GET', '/office/letters', { cookie: clerk.cookie });
		assert.equal(office.status, 200);
		assert.ok(office.text.includes('超期'));
	});

	it('rate-limits a burst from one client (429) and stores nothing more', async () => {
		await srv.restart({ now: '2026-09-24T10:00:00+08:00',
		    env: { ZHENGWU_LETTERS_RATE_PER_HOUR: '3' } });
		const n0 = await count(srv);
		const codes = [];
		for (let i = 0; i < 5; i++) {
			const r = await submit({ subject: `突发${i}`, content: `突发内容${i}`,
			    phone: `1390000000${i}` }, { noChallenge: true });
			codes.push(r.status);
			if (r.status === 429)
				assert.equal(r.json.error.code, 'too_many_letters');
		}
		assert.deepEqual(codes, [422, 422, 422, 429, 429]);
		assert.equal(await count(srv), n0);
	});
});
