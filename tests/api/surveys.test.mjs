// surveys.test.mjs -- 征集调查 (DESIGN.md portal: 政民互动): a leader
// (surveys.manage) drafts, edits while draft and publishes; responses
// only while open (409 otherwise); one per logged-in user and one per
// browser (signed cookie) where anonymous answers are allowed, a
// per-address rate limit (429) against ballot stuffing; answers are
// checked question by question (422 naming the question, nothing
// stored); results are public only after closing, free text for staff
// only; CSV exports exact; the public pages escape every label.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { api, errorOf, login, ready, startServer } from './lib/server.mjs';

const NOW = '2026-09-21T09:00:00+08:00';

function cookieOf(r) {
	const sc = r.headers.get('set-cookie') || '';
	const m = /zw_sv=([^;]+)/.exec(sc);
	return m ? `zw_sv=${m[1]}` : null;
}

async function count(srv, sql) {
	const r = await srv.sql(sql);
	assert.equal(r.code, 0, r.stderr);
	return Number(r.stdout.trim());
}

describe('surveys: drafting, responses, results', () => {
	let srv, leader, clerk, citizen, citizen2, anonSurvey, loginSurvey, future;
	const questions = [
		{ kind: 'single', title: '总体是否赞成？', options: ['赞成', '不赞成', '<b>弃权</b>'], required: true },
		{ kind: 'multiple', title: '关注哪些方面？', options: ['登记', '执法', '宣传'], max_selections: 2 },
		{ kind: 'text', title: '其他意见', max_length: 10 },
	];

	before(async () => {
		srv = await startServer({ now: NOW, env: { ZHENGWU_SURVEY_RATE_PER_MINUTE: '10000' } });
		leader = await ready(srv.base, 'zhang.wei');	// leader: surveys.manage
		clerk = await ready(srv.base, 'li.na');		// clerk: no surveys.manage
		citizen = await login(srv.base, '130102198003150017');
		citizen2 = await login(srv.base, '130102199208210022');
	});
	after(async () => { await srv.close(); });

	it('only surveys.manage creates; bad questions are refused naming the field, nothing created', async () => {
		const before = await count(srv, 'SELECT COUNT(*) FROM surveys');
		const base = { title: '养犬管理规定征求意见', kind: 'consultation', opens_at: '2026-09-20T00:00:00+08:00',
			closes_at: '2026-09-30T00:00:00+08:00', anonymous: true, questions, draft_text: '第一条 ……' };
		let r = await api(srv.base, 'POST', '/api/v1/surveys', { token: clerk.token, json: base });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token,
			json: { ...base, questions: [{ kind: 'ranking', title: 'x' }] } });
		assert.equal(r.status, 422);
		assert.deepEqual([errorOf(r).code, errorOf(r).field], ['invalid_question_kind', 'questions[0].kind']);
		r = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token,
			json: { ...base, questions: [{ kind: 'multiple', title: 'x', options: ['a', 'b'], max_selections: 3 }] } });
		assert.deepEqual([r.status, errorOf(r).field], [422, 'questions[0].max_selections']);
		r = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token,
			json: { ...base, closes_at: '2026-09-19T00:00:00+08:00' } });
		assert.deepEqual([r.status, errorOf(r).code], [422, 'invalid_period']);
		assert.equal(await count(srv, 'SELECT COUNT(*) FROM surveys'), before);

		r = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token, json: base });
		assert.equal(r.status, 201, r.text);
		anonSurvey = r.json;
		assert.equal(anonSurvey.status, 'draft');
		assert.equal(anonSurvey.org_name, '石家庄市人民政府办公室');
		assert.equal(anonSurvey.questions[1].max_selections, 2);
		assert.equal(anonSurvey.questions[2].max_length, 10);
		// a draft is nobody's business but its managers'
		assert.equal((await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}`)).status, 404);
		assert.equal((await api(srv.base, 'GET', `/surveys/${anonSurvey.id}`)).status, 404);
		const pub = await api(srv.base, 'GET', '/api/v1/surveys');
		assert.ok(!pub.json.items.some((s) => s.id === anonSurvey.id));
	});

	it('questions change only while draft; publish opens it at opens_at', async () => {
		let r = await api(srv.base, 'PATCH', `/api/v1/surveys/${anonSurvey.id}`, { token: leader.token,
			json: { title: '关于养犬管理规定公开征求意见' } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.title, '关于养犬管理规定公开征求意见');
		r = await api(srv.base, 'POST', `/api/v1/surveys/${anonSurvey.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'open');
		assert.equal(r.json.url, `/surveys/${anonSurvey.id}`);
		r = await api(srv.base, 'PATCH', `/api/v1/surveys/${anonSurvey.id}`, { token: leader.token,
			json: { questions: [questions[0]] } });
		assert.deepEqual([r.status, errorOf(r).code], [409, 'not_draft']);
		r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}`);
		assert.equal(r.json.questions.length, 3);

		r = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token, json: {
			title: '满意度调查', opens_at: '2026-09-21T08:00:00+08:00', closes_at: '2026-10-01T00:00:00+08:00',
			anonymous: false, questions: [questions[0], questions[2]] } });
		loginSurvey = r.json;
		r = await api(srv.base, 'POST', `/api/v1/surveys/${loginSurvey.id}/publish`, { token: leader.token, json: {} });
		assert.equal(r.status, 200);
		r = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token, json: {
			title: '下月调查', opens_at: '2026-10-01T00:00:00+08:00', closes_at: '2026-10-10T00:00:00+08:00',
			anonymous: true, questions: [questions[0]] } });
		future = r.json;
		await api(srv.base, 'POST', `/api/v1/surveys/${future.id}/publish`, { token: leader.token, json: {} });
		r = await api(srv.base, 'POST', `/api/v1/surveys/${future.id}/responses`, { json: { answers: [1] } });
		assert.deepEqual([r.status, errorOf(r).code], [409, 'survey_not_open']);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${future.id}`), 0);
		const open = await api(srv.base, 'GET', '/api/v1/surveys?status=open');
		assert.deepEqual(open.json.items.map((s) => s.id).filter((id) => [anonSurvey.id, loginSurvey.id, future.id].includes(id)).sort(),
			[anonSurvey.id, loginSurvey.id].sort());
	});

	it('answers are checked question by question: 422 naming it, nothing stored', async () => {
		const path = `/api/v1/surveys/${anonSurvey.id}/responses`;
		const cases = [
			[[4, [], ''], 'unknown_option', 'answers[0]'],
			[[1, [1, 2, 3], ''], 'too_many_selections', 'answers[1]'],
			[[1, [1, 1], ''], 'duplicate_option', 'answers[1]'],
			[[1, [9], ''], 'unknown_option', 'answers[1]'],
			[[1, [], '一二三四五六七八九十十一'], 'text_too_long', 'answers[2]'],
			[[null, [], ''], 'answer_required', 'answers[0]'],
			[['1', [], ''], 'wrong_type', 'answers[0]'],
			[[1, []], 'wrong_count', 'answers'],
		];
		for (const [answers, code, field] of cases) {
			const r = await api(srv.base, 'POST', path, { json: { answers } });
			assert.equal(r.status, 422, JSON.stringify(answers));
			assert.deepEqual([errorOf(r).code, errorOf(r).field], [code, field]);
			assert.match(errorOf(r).message, /^第 \d 题|答案数/);
		}
		assert.equal(await count(srv, 'SELECT COUNT(*) FROM survey_responses'), 0);
		assert.equal(await count(srv, 'SELECT COUNT(*) FROM survey_answers'), 0);
	});

	it('one response per browser (signed cookie); a forged cookie counts as none', async () => {
		const path = `/api/v1/surveys/${anonSurvey.id}/responses`;
		let r = await api(srv.base, 'POST', path, { json: { answers: [1, [1, 2], '很好'] } });
		assert.equal(r.status, 201, r.text);
		const cookie = cookieOf(r);
		assert.match(cookie, /^zw_sv=[0-9a-f]{32}\.[0-9a-f]{32}$/);
		assert.match(r.headers.get('set-cookie'), /HttpOnly/);
		r = await api(srv.base, 'POST', path, { cookie, json: { answers: [2, [3], ''] } });
		assert.deepEqual([r.status, errorOf(r).code], [409, 'already_responded']);
		// the same id with a wrong signature is not that browser
		const forged = cookie.slice(0, -1) + (cookie.endsWith('0') ? '1' : '0');
		r = await api(srv.base, 'POST', path, { cookie: forged, json: { answers: [2, [3], '<s>x</s>'] } });
		assert.equal(r.status, 201);
		assert.notEqual(cookieOf(r), cookie);
		r = await api(srv.base, 'POST', path, { cookie: cookieOf(r), json: { answers: [2, [], ''] } });
		assert.equal(r.status, 409);
		// a logged-in user answers as a user, once
		r = await api(srv.base, 'POST', path, { token: citizen.token, json: { answers: [3, [1], ''] } });
		assert.equal(r.status, 201);
		r = await api(srv.base, 'POST', path, { token: citizen.token, json: { answers: [3, [1], ''] } });
		assert.deepEqual([r.status, errorOf(r).code], [409, 'already_responded']);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${anonSurvey.id}`), 3);
	});

	it('a survey that needs login: 401 for a visitor, one per user', async () => {
		const path = `/api/v1/surveys/${loginSurvey.id}/responses`;
		let r = await api(srv.base, 'POST', path, { json: { answers: [1, ''] } });
		assert.deepEqual([r.status, errorOf(r).code], [401, 'login_required']);
		r = await api(srv.base, 'POST', path, { token: citizen.token, json: { answers: [1, ''] } });
		assert.equal(r.status, 201);
		r = await api(srv.base, 'POST', path, { token: citizen.token, json: { answers: [2, ''] } });
		assert.deepEqual([r.status, errorOf(r).code], [409, 'already_responded']);
		r = await api(srv.base, 'POST', path, { token: citizen2.token, json: { answers: [2, '意见'] } });
		assert.equal(r.status, 201);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${loginSurvey.id}`), 2);
	});

	it('results: public only after closing, free text for staff only; a closed survey refuses answers', async () => {
		let r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}/results`);
		assert.deepEqual([r.status, errorOf(r).code], [409, 'results_not_public']);
		r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}/results`, { token: leader.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.questions[2].texts, ['很好', '<s>x</s>']);
		r = await api(srv.base, 'POST', `/api/v1/surveys/${anonSurvey.id}/close`, { token: clerk.token, json: {} });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', `/api/v1/surveys/${anonSurvey.id}/close`, { token: leader.token, json: {} });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.status, 'closed');
		r = await api(srv.base, 'POST', `/api/v1/surveys/${anonSurvey.id}/responses`, { json: { answers: [1, [], ''] } });
		assert.deepEqual([r.status, errorOf(r).code], [409, 'survey_closed']);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${anonSurvey.id}`), 3);

		r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}/results`);
		assert.equal(r.status, 200);
		assert.equal(r.json.responses, 3);
		assert.deepEqual(r.json.questions[0].options.map((o) => [o.label, o.count, o.percent]),
			[['赞成', 1, 33], ['不赞成', 1, 33], ['<b>弃权</b>', 1, 33]]);
		assert.deepEqual(r.json.questions[1].options.map((o) => [o.count, o.percent]), [[2, 67], [1, 33], [1, 33]]);
		assert.equal(r.json.questions[1].answered, 3);
		assert.equal(r.json.questions[2].answered, 2);
		assert.equal(r.json.questions[2].texts, undefined, 'free text is for staff only');

		r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}/results.csv`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/csv/);
		assert.equal(r.text, 'question_no,question,option_no,option,count,percent\r\n' +
			'1,"总体是否赞成？",1,"赞成",1,33\r\n1,"总体是否赞成？",2,"不赞成",1,33\r\n' +
			'1,"总体是否赞成？",3,"<b>弃权</b>",1,33\r\n2,"关注哪些方面？",1,"登记",2,67\r\n' +
			'2,"关注哪些方面？",2,"执法",1,33\r\n2,"关注哪些方面？",3,"宣传",1,33\r\n');
		r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}/responses.csv`);
		assert.equal(r.status, 401);
		r = await api(srv.base, 'GET', `/api/v1/surveys/${anonSurvey.id}/responses.csv`, { token: leader.token });
		assert.equal(r.status, 200);
		const lines = r.text.split('\r\n');
		assert.equal(lines[0], 'response_id,submitted_at,"Q1 总体是否赞成？","Q2 关注哪些方面？","Q3 其他意见"');
		assert.deepEqual(lines.slice(1).map((l) => l.replace(/^\d+,[^,]+,/, '')), [
			'"赞成","登记；执法","很好"', '"不赞成","宣传","<s>x</s>"', '"<b>弃权</b>","登记",""', '']);
		assert.match(lines[1], /^\d+,2026-09-21T09:00:00\+08:00,/);
	});

	it('public pages: the form while open, SVG charts and a table after closing, labels escaped', async () => {
		let r = await api(srv.base, 'GET', '/surveys');
		assert.equal(r.status, 200);
		assert.match(r.text, new RegExp(`href="/surveys/${anonSurvey.id}"`));
		r = await api(srv.base, 'GET', `/surveys/${loginSurvey.id}`);
		assert.equal(r.status, 200);
		assert.match(r.text, /请先<a href="\/login\?next=/);
		r = await api(srv.base, 'GET', `/surveys/${anonSurvey.id}`);
		assert.equal(r.status, 200);
		assert.match(r.text, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="sv-chart" role="img"/);
		assert.match(r.text, /&lt;b&gt;弃权&lt;\/b&gt;<\/text>/);
		assert.match(r.text, /<th scope="row">&lt;b&gt;弃权&lt;\/b&gt;<\/th><td>1<\/td><td>33%<\/td>/);
		assert.doesNotMatch(r.text, /<b>弃权/);
		assert.doesNotMatch(r.text, /<s>x<\/s>/);
		assert.doesNotMatch(r.text, /<form method="post" action="\/surveys\//);
	});

	it('the page form: answers, refusal re-renders with the reason, one per browser', async () => {
		const s = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token, json: {
			title: '表单调查', opens_at: '2026-09-21T00:00:00+08:00', closes_at: '2026-10-01T00:00:00+08:00',
			anonymous: true, questions } });
		await api(srv.base, 'POST', `/api/v1/surveys/${s.json.id}/publish`, { token: leader.token, json: {} });
		let r = await api(srv.base, 'GET', `/surveys/${s.json.id}`);
		const cookie = cookieOf(r);
		assert.ok(cookie);
		assert.match(r.text, /name="q2" value="3"/);
		const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
		r = await api(srv.base, 'POST', `/surveys/${s.json.id}`, { cookie, headers: form, body: 'q1=1&q2=1&q2=2&q2=3' });
		assert.equal(r.status, 422);
		assert.match(r.text, /第 2 题选择的选项过多/);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.json.id}`), 0);
		r = await api(srv.base, 'POST', `/surveys/${s.json.id}`, { cookie, headers: form, body: 'q1=2&q2=3&q3=ok' });
		assert.equal(r.status, 303);
		r = await api(srv.base, 'POST', `/surveys/${s.json.id}`, { cookie, headers: form, body: 'q1=1' });
		assert.equal(r.status, 409);
		assert.match(r.text, /您已参与过本次征集调查/);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_answers WHERE survey_id = ${s.json.id}`), 3);
	});

	it('the back office lists and shows surveys to their managers only', async () => {
		let r = await api(srv.base, 'GET', '/office/surveys', { cookie: leader.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /关于养犬管理规定公开征求意见/);
		r = await api(srv.base, 'GET', `/office/surveys/${anonSurvey.id}`, { cookie: leader.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /&lt;s&gt;x&lt;\/s&gt;/, 'free text shown to staff, escaped');
		r = await api(srv.base, 'GET', '/office/surveys', { cookie: clerk.cookie });
		assert.equal(r.status, 403);
	});

	it('ballot stuffing from one address is rate limited (429)', async () => {
		await srv.restart({ now: NOW, env: { ZHENGWU_SURVEY_RATE_PER_MINUTE: '3' } });
		const s = await api(srv.base, 'POST', '/api/v1/surveys', { token: leader.token, json: {
			title: '限流', opens_at: '2026-09-21T00:00:00+08:00', closes_at: '2026-10-01T00:00:00+08:00',
			anonymous: true, questions: [questions[0]] } });
		assert.equal(s.status, 201, s.text);
		await api(srv.base, 'POST', `/api/v1/surveys/${s.json.id}/publish`, { token: leader.token, json: {} });
		const codes = [];
		for (let i = 0; i < 5; i++)	// no cookie kept: a new browser every time
			codes.push((await api(srv.base, 'POST', `/api/v1/surveys/${s.json.id}/responses`, { json: { answers: [1] } })).status);
		assert.deepEqual(codes, [201, 201, 201, 429, 429]);
		assert.equal(await count(srv, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ${s.json.id}`), 3);
	});
});
