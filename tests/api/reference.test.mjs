// reference.test.mjs -- identifier validation (GB 11643, GB 32100,
// GB/T 2260; standards.md §6) and the working-day calendar
// (standards.md §10) over HTTP.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, api, ready, errorOf } from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

describe('validate', () => {
	let srv;
	before(async () => { srv = await startServer({ now: NOW }); });
	after(async () => { await srv?.close(); });

	const v = (kind, value) => api(srv.base, 'GET', `/api/v1/validate/${kind}/${encodeURIComponent(value)}`);

	it('GB 11643 §6.1: 11010519491231002X is valid, born 1949-12-31, female, region 110105', async () => {
		const r = await v('id-number', '11010519491231002X');
		assert.equal(r.status, 200);
		assert.equal(r.json.valid, true);
		assert.equal(r.json.birth_date, '1949-12-31');
		assert.equal(r.json.sex, '女');
		assert.equal(r.json.region_code, '110105');
		assert.equal(r.json.normalized, '11010519491231002X');
		assert.equal(typeof r.json.reason, 'string');
	});

	it('GB 11643 §6.1: 440524188001010014 is valid (male, born 1880-01-01); lower-case x is accepted and normalized', async () => {
		let r = await v('id-number', '440524188001010014');
		assert.equal(r.json.valid, true);
		assert.equal(r.json.birth_date, '1880-01-01');
		assert.equal(r.json.sex, '男');
		r = await v('id-number', '11010519491231002x');
		assert.equal(r.json.valid, true);
		assert.equal(r.json.normalized, '11010519491231002X');
	});

	it('GB 11643 §6.1: 17 characters → invalid bad_length', async () => {
		const r = await v('id-number', '11010519491231002');
		assert.equal(r.status, 200);
		assert.equal(r.json.valid, false);
		assert.equal(r.json.code, 'bad_length');
		assert.match(r.json.reason, /[\u4e00-\u9fff]/);
	});

	it('GB 11643 §6.1 MOD 11-2: a wrong check digit → invalid bad_check_digit', async () => {
		for (const id of ['110105194912310021', '440524188001010015', '110105194912310029']) {
			const r = await v('id-number', id);
			assert.equal(r.json.valid, false, id);
			assert.equal(r.json.code, 'bad_check_digit', id);
		}
	});

	it('GB 11643-1989: the 15-digit 110105491231002 is valid with normalized 11010519491231002X', async () => {
		const r = await v('id-number', '110105491231002');
		assert.equal(r.json.valid, true);
		assert.equal(r.json.normalized, '11010519491231002X');
		assert.equal(r.json.birth_date, '1949-12-31');
	});

	/* GB 11643 MOD 11-2 check character of 17 digits (standards §6.1). */
	function withCheck(d17) {
		const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
		let sum = 0;
		for (let i = 0; i < 17; i++)
			sum += Number(d17[i]) * W[i];
		return d17 + '10X98765432'[sum % 11];
	}

	it('GB 11643: an impossible date, a future date, an unknown region, letters → invalid with the rule named', async () => {
		assert.equal(withCheck('11010519491231002'), '11010519491231002X', 'the helper agrees with the vector');
		let r = await v('id-number', withCheck('11010519490230000'));
		assert.equal(r.json.valid, false);
		assert.equal(r.json.code, 'bad_date', '1949-02-30 does not exist');
		r = await v('id-number', withCheck('11010520260303000'));
		assert.equal(r.json.valid, false, 'born after today (2026-03-02)');
		assert.equal(r.json.code, 'future_date');
		r = await v('id-number', withCheck('11010520260302000'));
		assert.equal(r.json.valid, true, 'born today is fine');
		r = await v('id-number', withCheck('99010519491231002'));
		assert.equal(r.json.valid, false);
		assert.equal(r.json.code, 'unknown_region');
		r = await v('id-number', '1101051949123A002X');
		assert.equal(r.json.valid, false);
		assert.equal(r.json.code, 'bad_char');
	});

	const USCC = ['91350200776049653A', '913502000728319549', '91350213678251743X',
		'9135021359498494XQ', '91440101MA5CJQ4N59', '123502001549897397', '11450721MB15580811'];

	it('GB 32100 §6.2: the seven verified test vectors are valid', async () => {
		for (const c of USCC) {
			const r = await v('uscc', c);
			assert.equal(r.status, 200, c);
			assert.equal(r.json.valid, true, `${c}: ${r.text}`);
			assert.equal(r.json.region_code, c.slice(2, 8), c);
		}
	});

	it('GB 32100 §6.2: changing the check character makes each vector invalid (bad_check_digit)', async () => {
		const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
		for (const c of USCC) {
			const last = c[17];
			const other = CH[(CH.indexOf(last) + 1) % CH.length];
			const r = await v('uscc', c.slice(0, 17) + other);
			assert.equal(r.json.valid, false, c);
			assert.equal(r.json.code, 'bad_check_digit', c);
		}
	});

	it('GB 32100 §6.2: a code containing I, O, S, V or Z → invalid bad_char', async () => {
		for (const ch of ['I', 'O', 'S', 'V', 'Z']) {
			const code = '91440101M' + ch + '5CJQ4N59';
			const r = await v('uscc', code);
			assert.equal(r.json.valid, false, code);
			assert.equal(r.json.code, 'bad_char', code);
		}
		const r = await v('uscc', '9144010');
		assert.equal(r.json.valid, false);
		assert.equal(r.json.code, 'bad_length');
	});

	it('GB/T 2260 §6.3: region 130102 valid (长安区), 999999 invalid', async () => {
		let r = await v('region', '130102');
		assert.equal(r.json.valid, true);
		assert.match(r.json.region_name, /长安区/);
		r = await v('region', '999999');
		assert.equal(r.json.valid, false);
		r = await v('region', '13a102');
		assert.equal(r.json.valid, false);
		r = await v('region', '1301');
		assert.equal(r.json.valid, false);
	});

	it('unknown kind → 404; a value over 64 characters → 400', async () => {
		let r = await v('passport', 'E12345678');
		assert.equal(r.status, 404);
		errorOf(r);
		r = await v('uscc', '9'.repeat(65));
		assert.equal(r.status, 400);
	});
});

describe('working-day calendar', () => {
	let srv, admin, clerk;
	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'admin');
		clerk = await ready(srv.base, 'li.na');
	});
	after(async () => { await srv?.close(); });

	const add = (from, days) => api(srv.base, 'GET', `/api/v1/calendar/add-working-days?from=${from}&days=${days}`);
	const between = (from, to) => api(srv.base, 'GET', `/api/v1/calendar/working-days-between?from=${from}&to=${to}`);

	it('standards §10 worked example: accepted 2026-09-21 + 20 working days → due end of 2026-10-26', async () => {
		const r = await add('2026-09-21', 20);
		assert.equal(r.status, 200);
		assert.equal(r.json.date, '2026-10-26');
		assert.equal(r.json.deadline, '2026-10-26T23:59:59+08:00');
	});

	it('§10: the period starts the day after; days=0 is the day itself; a plain week is 5 working days', async () => {
		assert.equal((await add('2026-03-02', 1)).json.date, '2026-03-03');
		assert.equal((await add('2026-03-02', 0)).json.date, '2026-03-02');
		assert.equal((await add('2026-03-02', 5)).json.date, '2026-03-09');
		/* from a Friday: the weekend is skipped */
		assert.equal((await add('2026-03-06', 1)).json.date, '2026-03-09');
	});

	it('§10 2026 calendar: from Friday 2026-02-13 (before 春节), day 1 is the 调休 Saturday 2026-02-14, day 2 is 2026-02-24 after the holiday', async () => {
		assert.equal((await add('2026-02-13', 1)).json.date, '2026-02-14');
		assert.equal((await add('2026-02-13', 2)).json.date, '2026-02-24');
		assert.equal((await add('2026-02-13', 6)).json.date, '2026-02-28', '调休 Saturday 2026-02-28');
		assert.equal((await add('2026-02-13', 7)).json.date, '2026-03-02');
	});

	it('§10: 国庆 2026 (10/1–10/7 off, 9/20 and 10/10 working days)', async () => {
		assert.equal((await add('2026-09-30', 1)).json.date, '2026-10-08');
		assert.equal((await add('2026-10-09', 1)).json.date, '2026-10-10');
		assert.equal((await add('2026-09-18', 1)).json.date, '2026-09-20');
	});

	it('working-days-between counts working days after from up to and including to', async () => {
		let r = await between('2026-02-13', '2026-02-14');
		assert.equal(r.status, 200);
		assert.equal(r.json.working_days, 1, '调休 Saturday 2026-02-14 counts');
		r = await between('2026-02-13', '2026-02-28');
		assert.equal(r.json.working_days, 6);
		r = await between('2026-09-21', '2026-10-26');
		assert.equal(r.json.working_days, 20);
		r = await between('2026-02-14', '2026-02-23');
		assert.equal(r.json.working_days, 0, '春节 is off');
	});

	it('bad input: bad date → 400 invalid_date; days out of 0..3650 or not a number → 400', async () => {
		for (const from of ['2026-02-30', '2026-13-01', '20260301', 'x', '']) {
			const r = await add(from, 1);
			assert.equal(r.status, 400, from);
			assert.equal(errorOf(r).code, 'invalid_date', from);
			assert.equal(errorOf(r).field, 'from');
		}
		for (const days of ['-1', '3651', 'abc', '1.5', '', '99999999999999999999']) {
			const r = await add('2026-03-02', days);
			assert.equal(r.status, 400, days);
			assert.equal(errorOf(r).field, 'days', days);
		}
		let r = await api(srv.base, 'GET', '/api/v1/calendar/add-working-days?days=3');
		assert.equal(r.status, 400);
		r = await between('2026-02-13', 'later');
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).field, 'to');
	});

	it('GET /api/v1/calendar?year=2026 lists the holidays and exactly the six 调休 working days', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/calendar?year=2026');
		assert.equal(r.status, 200);
		assert.equal(r.json.year, 2026);
		assert.equal(r.json.has_data, true);
		const work = r.json.days.filter((d) => d.kind === 'work').map((d) => d.date);
		assert.deepEqual(work, ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
		const feb14 = r.json.days.find((d) => d.date === '2026-02-14');
		assert.equal(feb14.weekday, '六');
		assert.match(feb14.name, /春节/);
		const off = r.json.days.filter((d) => d.kind === 'off').map((d) => d.date);
		for (const d of ['2026-01-01', '2026-02-15', '2026-02-23', '2026-10-01', '2026-10-07'])
			assert.ok(off.includes(d), d);
		assert.equal(r.json.months.length, 12);
		/* February 2026: 20 weekdays - 6 holiday weekdays (16–20, 23) + 2 调休 Saturdays = 16 */
		assert.equal(r.json.months[1].working_days, 16);
		for (const y of ['1989', '2101', 'x', ''])
			assert.equal((await api(srv.base, 'GET', `/api/v1/calendar?year=${y}`)).status, 400, y);
	});

	it('import: a clerk → 403, no login → 401; nothing imported', async () => {
		const body = '2027-01-01 off 元旦\n';
		let r = await api(srv.base, 'POST', '/api/v1/calendar/import', {
			token: clerk.token, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body,
		});
		assert.equal(r.status, 403);
		r = await api(srv.base, 'POST', '/api/v1/calendar/import', {
			headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body,
		});
		assert.equal(r.status, 401);
		assert.equal((await add('2026-12-31', 1)).json.date, '2027-01-01');
	});

	it('import: a malformed line → 422 naming the line, and nothing is imported', async () => {
		const body = '2027-03-01 off 测试假日\n2027-03-02 holiday 错误\n';
		const r = await api(srv.base, 'POST', '/api/v1/calendar/import', {
			token: admin.token, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body,
		});
		assert.equal(r.status, 422);
		const e = errorOf(r);
		assert.match(e.message, /第2行/);
		assert.equal((await add('2027-02-26', 1)).json.date, '2027-03-01', '2027-03-01 still a working day');
		const c = await api(srv.base, 'GET', '/api/v1/calendar?year=2027');
		assert.equal(c.json.days.length, 0);
		for (const bad of ['2027-02-30 off 不存在的日子\n', 'garbage\n']) {
			const b = await api(srv.base, 'POST', '/api/v1/calendar/import', {
				token: admin.token, headers: { 'Content-Type': 'text/plain' }, body: bad,
			});
			assert.equal(b.status, 422, bad);
		}
	});

	it('import (administrator, text/plain): later add-working-days reflects it; GET /calendar?year=2027 lists it; audited', async () => {
		assert.equal((await add('2026-12-31', 1)).json.date, '2027-01-01', 'before: a plain Friday');
		assert.equal((await add('2027-02-05', 1)).json.date, '2027-02-08', 'before: weekend skipped');
		const r = await api(srv.base, 'POST', '/api/v1/calendar/import', {
			token: admin.token, headers: { 'Content-Type': 'text/plain; charset=utf-8' },
			body: '2027-01-01 off 元旦\n2027-02-06 work 春节调休\n',
		});
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.imported, 2);
		assert.equal((await add('2026-12-31', 1)).json.date, '2027-01-04', '元旦 2027-01-01 is off');
		assert.equal((await add('2027-02-05', 1)).json.date, '2027-02-06', '调休 Saturday counts');
		const c = await api(srv.base, 'GET', '/api/v1/calendar?year=2027');
		assert.equal(c.json.has_data, true);
		assert.deepEqual(c.json.days.map((d) => [d.date, d.kind]), [['2027-01-01', 'off'], ['2027-02-06', 'work']]);
		/* it survives a restart (stored, not only in memory) */
		await srv.restart({ now: NOW });
		assert.equal((await add('2026-12-31', 1)).json.date, '2027-01-04');
		const auditor = await ready(srv.base, 'auditor');
		const a = await api(srv.base, 'GET', '/api/v1/audit?action=calendar.import', { token: auditor.token });
		assert.equal(a.json.items.length, 1);
		assert.equal(a.json.items[0].actor_login, 'admin');
	});

	it('import: an empty body → 400', async () => {
		const r = await api(srv.base, 'POST', '/api/v1/calendar/import', {
			token: admin.token, headers: { 'Content-Type': 'text/plain' }, body: '',
		});
		assert.equal(r.status, 400);
		errorOf(r);
	});
});
