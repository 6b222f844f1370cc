// approvals.test.mjs -- 网上审批 end to end on the demo government: an
// enterprise applies for 食品经营许可 with uploaded materials, gets one
// 一次性补正告知 (a second is refused and flagged 红牌), corrects, the
// case is accepted (行政许可法 第三十二条), paused by a 特别程序
// (第四十五条), extended once (第四十二条), approved (第三十八条), the
// sealed licence verifies with openssl, delivered (第四十四条); joint
// approval (联合审批) waits for the co-department; a 即办件; deemed
// acceptance after 5 working days; the public progress query leaks
// nothing; bad input changes nothing.  Dates follow the 2026 calendar
// (standards.md §10).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { NEW_PASSWORD, PASSWORD, api, errorOf, listAll, login, ready, run, startServer } from './lib/server.mjs';

const ENTERPRISE = '91130102400001010E';	// demo 法人 account
const PERSON = '130102198003150017';		// demo 自然人 account
const FOOD = '11130100400000077E3000117008000';	// 食品经营许可, sjz-approval, 5/10 days
const DRUG = '11130100400000077E3000117015000';	// 药品零售企业许可, joint with sjz-samr
const SHOP = '1113010240000013074000117001000';	// 个体工商户设立登记, 即办件, changan-approval

function multipart(filename, type, data) {
	const boundary = '----zwapp' + Math.random().toString(16).slice(2);
	const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
	    `filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, data, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(base, s, name) {
	const m = multipart(name, 'application/pdf', PDF);
	const r = await api(base, 'POST', '/api/v1/blobs', { token: s.token,
		headers: { 'Content-Type': m.type }, body: m.body });
	assert.equal(r.status, 201, r.text);
	return r.json.id;
}

const foodForm = {
	company_name: '石家庄长安晨光商贸有限公司', uscc: ENTERPRISE,
	legal_rep_id: '130102198003150017', region: '130102',
	address: '长安区中山东路1号', business_kind: '食品销售经营者', area: '120.5',
};

describe('网上审批: apply, intake, clock, decision, joint approval, supervision', () => {
	let srv, ent, person, clerk, leader, other, admin;
	let no, qc, files;

	async function relogin(now) {
		await srv.restart({ now });
		ent = await login(srv.base, ENTERPRISE);
		person = await login(srv.base, PERSON);
		clerk = await login(srv.base, 'liu.yang', NEW_PASSWORD);
		leader = await login(srv.base, 'wang.fang', NEW_PASSWORD);
		other = await login(srv.base, 'sun.li', NEW_PASSWORD);
		admin = await login(srv.base, 'admin', NEW_PASSWORD);
	}

	async function get(s, n = no) {
		const r = await api(srv.base, 'GET', `/api/v1/applications/${n}`, { token: s.token });
		assert.equal(r.status, 200, r.text);
		return r.json;
	}

	async function count(s) {
		return (await listAll(srv.base, '/api/v1/applications?limit=100', { token: s.token })).length;
	}

	before(async () => {
		srv = await startServer({ now: '2026-11-02T09:00:00+08:00' });	// Monday
		ent = await login(srv.base, ENTERPRISE);
		person = await login(srv.base, PERSON);
		clerk = await ready(srv.base, 'liu.yang');	// 石家庄市行政审批局 clerk
		leader = await ready(srv.base, 'wang.fang');	// 石家庄市行政审批局 leader
		other = await ready(srv.base, 'sun.li');	// 长安区行政审批局 clerk
		admin = await ready(srv.base, 'admin');
		files = [];
		for (const n of ['申请书.pdf', '布局流程.pdf', '管理制度.pdf'])
			files.push(await upload(srv.base, ent, n));
	});
	after(async () => { await srv.close(); });

	it('refuses bad applications and creates nothing', async () => {
		const before = await count(ent);
		const cases = [
			[{ item_code: FOOD, form: { ...foodForm, uscc: '91130102400001010X' }, materials: [files[0], null, null, files[1], files[2]] }, 'form.uscc'],
			[{ item_code: FOOD, form: { ...foodForm, legal_rep_id: '130102198003150018' }, materials: [files[0], null, null, files[1], files[2]] }, 'form.legal_rep_id'],
			[{ item_code: FOOD, form: { ...foodForm, open_date: '2026-02-30' }, materials: [files[0], null, null, files[1], files[2]] }, 'form.open_date'],
			[{ item_code: FOOD, form: { ...foodForm, extra: 'x' }, materials: [files[0], null, null, files[1], files[2]] }, 'form.extra'],
			[{ item_code: FOOD, form: foodForm, materials: [files[0], null, null, files[1]] }, 'materials'],
			[{ item_code: FOOD, form: foodForm, materials: [99999, null, null, files[1], files[2]] }, 'materials'],
			[{ item_code: 'NO-SUCH-ITEM', form: {} }, 'item_code'],
		];
		for (const [body, field] of cases) {
			const r = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token, json: body });
			assert.equal(r.status, 422, r.text);
			assert.equal(errorOf(r).field, field, r.text);
		}
		let r = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token,
			json: { item_code: FOOD, form: foodForm, materials: [files[0], null, null, files[1], files[2]], x: 1 } });
		assert.equal(r.status, 400);
		// 食品经营许可 is for enterprises; a person may not apply.
		r = await api(srv.base, 'POST', '/api/v1/applications', { token: person.token,
			json: { item_code: FOOD, form: foodForm, materials: [] } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'wrong_audience');
		// Staff do not apply online.
		r = await api(srv.base, 'POST', '/api/v1/applications', { token: clerk.token,
			json: { item_code: FOOD, form: foodForm, materials: [] } });
		assert.equal(r.status, 403);
		// Someone else's uploaded file is not a material of mine.
		const theirs = await upload(srv.base, person, '别人的.pdf');
		r = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token,
			json: { item_code: FOOD, form: foodForm, materials: [theirs, null, null, files[1], files[2]] } });
		assert.equal(r.status, 422);
		assert.equal(await count(ent), before);
	});

	it('submits with a number and a query code; registry materials are fetched, not asked', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token,
			json: { item_code: FOOD, form: foodForm, materials: [files[0], null, null, files[1], files[2]] } });
		assert.equal(r.status, 201, r.text);
		no = r.json.no;
		qc = r.json.query_code;
		assert.match(no, /^SP20261102\d{8}$/);
		assert.match(qc, /^[2-9A-HJ-NP-Z]{8}$/);
		assert.equal(r.json.status, 'submitted');
		assert.equal(r.json.received_on, '2026-11-02');
		assert.equal(r.json.intake_deadline, '2026-11-09');
		assert.equal(r.json.promised_deadline, null);
		const m = r.json.materials;
		assert.equal(m.length, 5);
		assert.deepEqual(m.filter((x) => x.file_id === null).map((x) => x.source).sort(), ['人口库', '法人库']);
		// The handling org's staff see it in the intake queue; others do not see it at all.
		const q = await api(srv.base, 'GET', '/api/v1/applications?status=intake', { token: clerk.token });
		assert.ok(q.json.items.some((x) => x.no === no));
		const o = await api(srv.base, 'GET', `/api/v1/applications/${no}`, { token: other.token });
		assert.equal(o.status, 404);
		const mat = await api(srv.base, 'GET', m[0].url, { token: clerk.token });
		assert.equal(mat.status, 200);
		assert.deepEqual(mat.buf, PDF);
		assert.equal((await api(srv.base, 'GET', m[0].url, { token: other.token })).status, 404);
	});

	it('public progress query: right code answers, a wrong code and an unknown number look alike', async () => {
		let r = await api(srv.base, 'GET', `/api/v1/applications/${no}/progress?query_code=${qc}`);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status_name, '待受理');
		assert.equal(r.json.applicant_name, undefined);
		const wrong = await api(srv.base, 'GET', `/api/v1/applications/${no}/progress?query_code=AAAAAAAA`);
		const unknown = await api(srv.base, 'GET', `/api/v1/applications/SP2026110299999999/progress?query_code=${qc}`);
		assert.equal(wrong.status, 404);
		assert.equal(unknown.status, 404);
		assert.equal(wrong.text, unknown.text);
	});

	it('wrong state and wrong organization are refused', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/applications/${no}/decide`, { token: leader.token, json: { approved: true } });
		assert.equal(r.status, 409);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/accept`, { token: other.token, json: {} });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/accept`, { token: ent.token, json: {} });
		assert.equal(r.status, 403);
		assert.equal((await get(clerk)).status, 'submitted');
	});

	it('一次性补正告知 once (第三十二条); a second notice is refused and flagged 红牌', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/applications/${no}/request-correction`,
		    { token: clerk.token, json: { items: [] } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/request-correction`,
		    { token: clerk.token, json: { items: ['食品安全管理制度缺少进货查验记录制度', '布局图未标注面积'] } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'correction');
		assert.deepEqual(r.json.correction_items.length, 2);
		assert.ok(r.json.notices.some((n) => n.kind === '补正告知书'));
		// The applicant corrects with a new file.
		const f = await upload(srv.base, ent, '管理制度-补正.pdf');
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/correct`, { token: ent.token,
			json: { materials: [{ material: '食品安全自查、从业人员健康管理、进货查验记录等食品安全管理制度', file_id: f }] } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'submitted');
		assert.equal(r.json.materials.length, 6);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/request-correction`,
		    { token: clerk.token, json: { items: ['再补一份'] } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'second_correction');
		const d = await get(clerk);
		assert.equal(d.status, 'submitted');
		assert.equal(d.corrections, 1);
		assert.ok(d.alerts.some((a) => a.rule === 'second_correction' && a.level === '红牌'));
	});

	it('受理 starts the clock: 5 promised and 10 legal working days from 受理 (§10)', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/applications/${no}/accept`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'accepted');
		assert.equal(r.json.accepted_on, '2026-11-02');
		assert.equal(r.json.promised_deadline, '2026-11-09');
		assert.equal(r.json.legal_deadline, '2026-11-16');
		assert.ok(r.json.notices.some((n) => n.kind === '受理通知书'));
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/accept`, { token: clerk.token, json: {} });
		assert.equal(r.status, 409);
		const n = r = await api(srv.base, 'GET', `/api/v1/applications/${no}/notices`, { token: ent.token });
		assert.equal(n.status, 200);
		assert.ok(n.json.items.every((x) => x.valid === true));
	});

	it('特别程序 stops the clock (第四十五条); one extension of at most 10 days (第四十二条)', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/applications/${no}/suspend`, { token: clerk.token,
			json: { kind: '喝茶', reason: '无' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/suspend`, { token: clerk.token,
			json: { kind: '专家评审', reason: '现场布局需专家评审' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'suspended');
		await relogin('2026-11-05T10:00:00+08:00');	// Thursday
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/decide`, { token: leader.token, json: { approved: true } });
		assert.equal(r.status, 409);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/resume`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.suspended_days, 3);	// Mon, Tue, Wed
		assert.equal(r.json.promised_deadline, '2026-11-12');
		assert.equal(r.json.legal_deadline, '2026-11-19');
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/extend`, { token: leader.token, json: { days: 11, reason: '需现场核查' } });
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'extension_too_long');
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/extend`, { token: clerk.token, json: { days: 5, reason: '需现场核查' } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/extend`, { token: leader.token, json: { days: 5, reason: '需现场核查' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.promised_deadline, '2026-11-19');
		assert.equal(r.json.legal_deadline, '2026-11-26');
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/extend`, { token: leader.token, json: { days: 1, reason: '再延' } });
		assert.equal(r.status, 409);
		assert.equal((await get(clerk)).extended_days, 5);
	});

	it('决定 by the leader only; the sealed licence verifies with openssl; 送达 completes', async () => {
		let r = await api(srv.base, 'POST', `/api/v1/applications/${no}/decide`, { token: clerk.token, json: { approved: true } });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/decide`, { token: leader.token, json: { approved: true, reason: '' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'approved');
		assert.equal(r.json.decided_on, '2026-11-05');
		assert.equal(r.json.on_time, true);
		assert.equal(r.json.delivery_deadline, '2026-11-19');
		const resultNo = r.json.result_no;
		assert.equal(resultNo, 'XK' + no.slice(2));
		const v = await api(srv.base, 'GET', `/api/v1/results/${resultNo}`);
		assert.equal(v.status, 200, v.text);
		assert.equal(v.json.valid, true);
		assert.equal(v.json.kind, '准予许可决定书');
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zw-lic-'));
		await fs.writeFile(path.join(dir, 'pub.pem'), v.json.verification.public_key_pem);
		await fs.writeFile(path.join(dir, 'data'), Buffer.from(v.json.verification.signed_data_b64, 'base64'));
		await fs.writeFile(path.join(dir, 'sig.der'), Buffer.from(v.json.verification.signature_der_b64, 'base64'));
		const args = ['dgst', '-sm3', '-verify', path.join(dir, 'pub.pem'), '-signature',
			path.join(dir, 'sig.der'), '-sigopt', 'distid:1234567812345678', path.join(dir, 'data')];
		let o = await run('openssl', args);
		assert.equal(o.code, 0, o.stdout + o.stderr);
		assert.match(Buffer.from(v.json.verification.signed_data_b64, 'base64').toString(), new RegExp(resultNo));
		await fs.appendFile(path.join(dir, 'data'), 'x');
		o = await run('openssl', args);
		assert.notEqual(o.code, 0);
		await fs.rm(dir, { recursive: true, force: true });
		assert.equal((await api(srv.base, 'GET', '/api/v1/results/XK0000')).status, 404);
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/deliver`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'completed');
		assert.equal(r.json.closed_on, '2026-11-05');
		r = await api(srv.base, 'POST', `/api/v1/applications/${no}/deliver`, { token: clerk.token, json: {} });
		assert.equal(r.status, 409);
		// The applicant was told of every change.
		const msgs = await listAll(srv.base, '/api/v1/me/messages?limit=100', { token: ent.token });
		const mine = msgs.filter((m) => (m.title || '').includes(no));
		assert.ok(mine.length >= 8, JSON.stringify(mine.map((m) => m.title)));
		// The timeline shows the applicant only public events; staff see all.
		const pub = await get(ent);
		const staff = await get(clerk);
		assert.ok(pub.timeline.length < staff.timeline.length);
		assert.ok(pub.timeline.every((e) => e.public));
	});

	it('不予受理 needs a reason; trying without one is flagged 红牌', async () => {
		const r0 = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token,
			json: { item_code: FOOD, form: foodForm, materials: [files[0], null, null, files[1], files[2]] } });
		assert.equal(r0.status, 201);
		const n2 = r0.json.no;
		let r = await api(srv.base, 'POST', `/api/v1/applications/${n2}/reject`, { token: clerk.token, json: { reason: '  ' } });
		assert.equal(r.status, 422);
		let d = await get(clerk, n2);
		assert.equal(d.status, 'submitted');
		assert.ok(d.alerts.some((a) => a.rule === 'refusal_without_reason' && a.level === '红牌'));
		r = await api(srv.base, 'POST', `/api/v1/applications/${n2}/reject`, { token: clerk.token, json: { reason: '经营场所位于禁止区域' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'rejected');
		assert.ok(r.json.notices.some((n) => n.kind === '不予受理通知书'));
	});

	it('joint approval (联合审批): the lead decides only after the co-department answers', async () => {
		// A clerk of the co-department 石家庄市市场监督管理局.
		const orgs = await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token });
		const samr = orgs.find((o) => o.code === 'sjz-samr');
		let r = await api(srv.base, 'POST', '/api/v1/users', { token: admin.token,
			json: { login: 'ma.li', name: '马力', org_id: samr.id, roles: ['clerk'], password: PASSWORD } });
		assert.equal(r.status, 201, r.text);
		const co = await ready(srv.base, 'ma.li');
		const fs4 = [];
		for (let i = 0; i < 4; i++)
			fs4.push(await upload(srv.base, ent, `药品材料${i}.pdf`));
		r = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token, json: { item_code: DRUG,
			form: { company_name: '石家庄长安晨光商贸有限公司', uscc: ENTERPRISE, pharmacist_id: '130102199208210022',
				region: '130102', scope: '乙类非处方药' },
			materials: [fs4[0], null, fs4[1], fs4[2], fs4[3]] } });
		assert.equal(r.status, 201, r.text);
		const jn = r.json.no;
		assert.equal(r.json.joint, true);
		r = await api(srv.base, 'POST', `/api/v1/applications/${jn}/accept`, { token: clerk.token, json: {} });
		assert.equal(r.status, 200, r.text);
		const step = r.json.steps.find((s) => s.kind === 'joint');
		assert.equal(step.org_id, samr.id);
		assert.equal(step.deadline, '2026-11-19');	// 10 working days from 11-05
		// The co-department sees the case in its joint queue.
		const q = await api(srv.base, 'GET', '/api/v1/applications?status=joint', { token: co.token });
		assert.ok(q.json.items.some((x) => x.no === jn));
		r = await api(srv.base, 'POST', `/api/v1/applications/${jn}/decide`, { token: leader.token, json: { approved: true } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'joint_pending');
		// Another org's clerk may not answer the step.
		r = await api(srv.base, 'POST', `/api/v1/steps/${step.id}/complete`, { token: other.token, json: { agreed: true, opinion: '同意' } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', `/api/v1/steps/${step.id}/complete`, { token: co.token, json: { agreed: true, opinion: '经营条件符合要求' } });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/steps/${step.id}/complete`, { token: co.token, json: { agreed: true, opinion: '再次' } });
		assert.equal(r.status, 409);
		// Joint extension: at most 15 days.
		r = await api(srv.base, 'POST', `/api/v1/applications/${jn}/extend`, { token: leader.token, json: { days: 16, reason: '联合核查' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', `/api/v1/applications/${jn}/extend`, { token: leader.token, json: { days: 15, reason: '联合核查' } });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/applications/${jn}/decide`, { token: leader.token, json: { approved: false } });
		assert.equal(r.status, 422);	// denial states its reason
		r = await api(srv.base, 'POST', `/api/v1/applications/${jn}/decide`, { token: leader.token, json: { approved: false, reason: '执业药师不在岗' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'denied');
		assert.match(r.json.result_no, /^BY/);
		const nt = await api(srv.base, 'GET', `/api/v1/applications/${jn}/notices`, { token: ent.token });
		const denial = nt.json.items.find((n) => n.kind === '不予许可决定书');
		assert.match(denial.body, /行政复议/);
		assert.match(denial.body, /行政诉讼/);
	});

	it('deemed acceptance after 5 working days, and the sweep raises 预警, 黄牌 and 红牌', async () => {
		const r0 = await api(srv.base, 'POST', '/api/v1/applications', { token: ent.token,
			json: { item_code: FOOD, form: foodForm, materials: [files[0], null, null, files[1], files[2]] } });
		assert.equal(r0.status, 201);
		const dn = r0.json.no;
		assert.equal(r0.json.intake_deadline, '2026-11-12');
		// Still inside the intake period on 11-12: nothing happens.
		await relogin('2026-11-12T18:00:00+08:00');
		const chen = await ready(srv.base, 'chen.jing');	// supervisor
		let r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: chen.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal((await get(clerk, dn)).status, 'submitted');
		// 11-13: the office missed its 5 days, the case counts as accepted from receipt.
		await relogin('2026-11-13T09:00:00+08:00');
		const chen2 = await login(srv.base, 'chen.jing', NEW_PASSWORD);
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: chen2.token, json: {} });
		assert.equal(r.status, 200, r.text);
		let d = await get(clerk, dn);
		assert.equal(d.status, 'accepted');
		assert.equal(d.deemed_accepted, true);
		assert.equal(d.accepted_on, '2026-11-05');
		assert.equal(d.promised_deadline, '2026-11-12');
		assert.equal(d.legal_deadline, '2026-11-19');
		// 11-13 is past the promised deadline: 黄牌 at once (a 预警 would
		// come too late to matter); a second sweep adds nothing.
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: chen2.token, json: {} });
		d = await get(clerk, dn);
		assert.deepEqual(d.alerts.map((a) => a.level), ['黄牌'], JSON.stringify(d.alerts));
		// More than 5 working days late (11-20) and past the legal deadline: 红牌.
		await relogin('2026-11-20T09:00:00+08:00');
		const chen3 = await login(srv.base, 'chen.jing', NEW_PASSWORD);
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: chen3.token, json: {} });
		assert.equal(r.status, 200);
		d = await get(clerk, dn);
		assert.ok(d.alerts.some((a) => a.level === '红牌'), JSON.stringify(d.alerts));
		r = await api(srv.base, 'GET', '/api/v1/supervision/alerts?level=红牌', { token: chen3.token });
		assert.equal(r.status, 200, r.text);
		assert.ok(r.json.items.some((a) => a.application_no === dn));
		// Clerks are not supervisors.
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: clerk.token, json: {} });
		assert.equal(r.status, 403);
	});

	it('即办件 is decided on the day; not deciding it is 红牌 the next day; no extension', async () => {
		const orgs = await listAll(srv.base, '/api/v1/orgs?limit=100', { token: admin.token });
		const ca = orgs.find((o) => o.code === 'changan-approval');
		let r = await api(srv.base, 'POST', '/api/v1/users', { token: admin.token,
			json: { login: 'he.jun', name: '何军', org_id: ca.id, roles: ['leader'], password: PASSWORD } });
		assert.equal(r.status, 201, r.text);
		const boss = await ready(srv.base, 'he.jun');
		const a = await upload(srv.base, person, '登记申请书.pdf');
		const b = await upload(srv.base, person, '场所证明.pdf');
		const form = { operator_name: '王建国', operator_id: PERSON, region: '130102', address: '长安区建设北大街8号', form_kind: '个人经营' };
		r = await api(srv.base, 'POST', '/api/v1/applications', { token: person.token, json: { item_code: SHOP, form, materials: [a, null, b] } });
		assert.equal(r.status, 201, r.text);
		const sn = r.json.no;
		r = await api(srv.base, 'POST', `/api/v1/applications/${sn}/accept`, { token: other.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.promised_deadline, '2026-11-20');
		r = await api(srv.base, 'POST', `/api/v1/applications/${sn}/extend`, { token: boss.token, json: { days: 1, reason: '忙' } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'instant_item');
		// Another 即办件 decided on the day.
		const c1 = await upload(srv.base, person, '登记申请书2.pdf');
		const c2 = await upload(srv.base, person, '场所证明2.pdf');
		r = await api(srv.base, 'POST', '/api/v1/applications', { token: person.token, json: { item_code: SHOP, form, materials: [c1, null, c2] } });
		const sn2 = r.json.no;
		await api(srv.base, 'POST', `/api/v1/applications/${sn2}/accept`, { token: other.token, json: {} });
		r = await api(srv.base, 'POST', `/api/v1/applications/${sn2}/decide`, { token: boss.token, json: { approved: true } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.on_time, true);
		await relogin('2026-11-21T09:00:00+08:00');
		const chen = await login(srv.base, 'chen.jing', NEW_PASSWORD);
		r = await api(srv.base, 'POST', '/api/v1/supervision/sweep', { token: chen.token, json: {} });
		assert.equal(r.status, 200);
		const d = await get(other, sn);
		assert.ok(d.alerts.some((x) => x.level === '红牌'), JSON.stringify(d.alerts));
		assert.equal((await get(other, sn2)).alerts.length, 0);
	});
});
