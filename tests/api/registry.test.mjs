// registry.test.mjs -- the base registries (人口, 法人) over HTTP:
// imports (raw CSV, multipart, GBK, refused files change nothing),
// lookups with X-Purpose / X-Case-Ref (standards.md §5: every read
// logged), masking vs clear values, batch lookups, the data-quality
// report, the data-access log row by row, and the person's and the
// enterprise's own view of who read their record.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

import { startServer, api, ready, login, errorOf, listAll, PASSWORD, NEW_PASSWORD }
	from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

const PERSONS = 'id_number,name,ethnicity,region_code,address,status,phone\n' +
	'11010519491231002X,张三,汉族,110105,北京市朝阳区建国路1号,正常,13812345678\n' +
	'440524188001010014,李四,汉族,440101,广州市越秀区解放路2号,死亡,\n' +
	'130102199001010031,孙八,回族,130102,石家庄市长安区中山路8号,正常,0311-87654321\n';
const LEGAL = 'uscc,name,legal_representative,registered_capital,address,established_on,status\n' +
	'91350200776049653A,厦门某某科技有限公司,张三,500,厦门市思明区1号,2005-06-01,存续\n' +
	'913502000728319549,厦门某某食品有限公司,王五,100.50,厦门市思明区3号,2013-07-01,吊销\n';

const enc = encodeURIComponent;

/* A multipart/form-data body written by hand. */
function multipart(parts) {
	const boundary = '----zwTest' + randomBytes(8).toString('hex');
	const chunks = [];
	for (const p of parts) {
		let h = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
		if (p.filename !== undefined)
			h += `; filename="${p.filename}"`;
		h += '\r\n\r\n';
		chunks.push(Buffer.from(h, 'utf8'), Buffer.from(p.data), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

function gbk(text) {
	const r = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: Buffer.from(text) });
	assert.equal(r.status, 0);
	return r.stdout;
}

describe('base registries', () => {
	let srv, admin, clerk, leader, auditor;

	/* GET a record with the two headers (percent-encoded). */
	const lookup = (s, reg, key, purpose, caseRef, q = '') => api(srv.base, 'GET',
	    `/api/v1/registry/${reg}/${key}${q}`, { token: s.token, headers: {
	    ...(purpose !== undefined ? { 'X-Purpose': enc(purpose) } : {}),
	    ...(caseRef !== undefined ? { 'X-Case-Ref': enc(caseRef) } : {}) } });
	const importCsv = (s, reg, body, q = '') => api(srv.base, 'POST',
	    `/api/v1/registry/${reg}/import${q}`, { token: s.token, body,
	    headers: { 'Content-Type': 'text/csv' } });
	const count = async (sql) => Number((await srv.sql(sql)).stdout.trim());
	const logOf = async () => listAll(srv.base, '/api/v1/registry/access-log?limit=500',
	    { token: admin.token });

	before(async () => {
		srv = await startServer({ now: NOW });
		admin = await ready(srv.base, 'zheng.hui');	/* 数据管理员 */
		clerk = await ready(srv.base, 'li.na');		/* 办事人员 */
		leader = await ready(srv.base, 'wang.fang');	/* 行政审批局 */
		auditor = await ready(srv.base, 'auditor');
	});
	after(async () => srv && srv.close());

	it('imports CSV (raw and multipart) and answers with the report', async () => {
		let r = await importCsv(admin, 'persons', PERSONS);
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.rows, 3);
		assert.equal(r.json.accepted, 3);
		assert.equal(r.json.rejected, 0);
		assert.equal(r.json.inserted, 3);
		assert.equal(r.json.committed, true);
		assert.deepEqual(r.json.rejects, []);
		const mp = multipart([{ name: 'file', filename: 'legal.csv', data: LEGAL }]);
		r = await api(srv.base, 'POST', '/api/v1/registry/legal-persons/import',
		    { token: admin.token, body: mp.body, headers: { 'Content-Type': mp.type } });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.inserted, 2);
		/* the same file again: nothing changes */
		r = await importCsv(admin, 'persons', PERSONS);
		assert.equal(r.json.unchanged, 3);
		assert.equal(r.json.inserted + r.json.updated, 0);
		/* the demo's 300 synthetic + 2 account holders + 3 */
		assert.equal(await count('SELECT COUNT(*) FROM persons'), 305);
		/* no clear number anywhere in the table */
		assert.equal(await count("SELECT COUNT(*) FROM persons WHERE name = '张三' " +
		    "AND sex = '女' AND birth_date = '1949-12-31'"), 1);
		assert.equal(await count(srv.dbUrl ?
		    "SELECT COUNT(*) FROM persons WHERE position('\\x3131303130353139'::bytea in pii) > 0" :
		    "SELECT COUNT(*) FROM persons WHERE instr(pii, CAST('11010519' AS BLOB)) > 0"), 0);
	});

	it('refuses a file with bad rows and changes nothing; skip_invalid imports the rest', async () => {
		const bad = PERSONS.replace('130102199001010031', '130102199001010032') +
		    '11010519490231001X,王五,汉族,110105,x,正常,\n' +
		    '11010519491231002X,张三,汉族,110105,北京市朝阳区建国路2号,迁出,\n';
		const before = await count('SELECT COUNT(*) FROM person_history');
		let r = await importCsv(admin, 'persons', bad);
		assert.equal(r.status, 422, r.text);
		assert.equal(errorOf(r).code, 'rows_rejected');
		assert.equal(r.json.report.committed, false);
		assert.equal(r.json.report.rows, 5);
		assert.equal(r.json.report.rejected, 4);
		assert.deepEqual(r.json.report.rejects.map((x) => [x.line, x.code]), [
			[2, 'duplicate_key'], [4, 'bad_check_digit'], [5, 'bad_check_digit'],
			[6, 'duplicate_key']]);
		assert.match(r.json.report.rejects[1].message, /应为1/);
		assert.equal(await count('SELECT COUNT(*) FROM persons'), 305);
		assert.equal(await count('SELECT COUNT(*) FROM person_history'), before);
		r = await importCsv(admin, 'persons', bad, '?skip_invalid=1');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.accepted, 1);
		assert.equal(r.json.unchanged, 1);
		/* a GBK file is recognized, and converted when asked */
		const g = gbk('id_number,name,ethnicity,region_code,address,status\n' +
		    '130102199001010058,周九,汉族,130102,石家庄市长安区中山路9号,正常\n');
		r = await importCsv(admin, 'persons', g);
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'bad_encoding');
		assert.match(errorOf(r).message, /GBK/);
		r = await importCsv(admin, 'persons', g, '?encoding=gbk');
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.inserted, 1);
		/* header problems */
		r = await importCsv(admin, 'persons', 'id_number,name\n11010519491231002X,张三\n');
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'missing_column');
		r = await api(srv.base, 'POST', '/api/v1/registry/persons/import',
		    { token: admin.token, json: { a: 1 } });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'csv_required');
		/* only registry.manage imports */
		r = await importCsv(clerk, 'persons', PERSONS);
		assert.equal(r.status, 403);
	});

	it('lookups need X-Purpose and X-Case-Ref, mask for clerks, show clear values to the manager', async () => {
		let r = await lookup(clerk, 'persons', '11010519491231002X');
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'purpose_required');
		assert.equal(errorOf(r).field, 'X-Purpose');
		r = await lookup(clerk, 'persons', '11010519491231002X', '核验身份');
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).field, 'X-Case-Ref');
		r = await lookup(clerk, 'persons', '110105194912310021', '核验身份', 'C-1');
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'invalid_id_number');
		assert.match(errorOf(r).message, /应为X/);
		r = await lookup(clerk, 'persons', '130102199001010074', '核验身份', 'C-1');
		assert.equal(r.status, 404);
		r = await lookup(clerk, 'persons', '11010519491231002x', '办理户籍证明', '石审批〔2026〕1号');
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json, {
			registry: 'persons', id_number: '1101**********002X', name: '张三',
			sex: '女', birth_date: '1949-12-31', ethnicity: '汉族',
			region_code: '110105', region_name: '北京市朝阳区',
			address: '北京市朝阳区建国路1号', phone: '138****5678', status: '正常',
			version: 1, updated_at: r.json.updated_at, masked: true,
		});
		r = await lookup(admin, 'persons', '130102199001010031', '数据核查', 'Q-7', '?history=1');
		assert.equal(r.status, 200);
		assert.equal(r.json.id_number, '130102199001010031');
		assert.equal(r.json.phone, '0311-87654321');
		assert.equal(r.json.masked, false);
		assert.deepEqual(r.json.history, []);
		r = await lookup(leader, 'legal-persons', '913502000728319549', '企业开办', 'QY-9');
		assert.equal(r.status, 200);
		assert.equal(r.json.type, '企业');
		assert.equal(r.json.registration_authority, '工商（市场监管）');
		assert.equal(r.json.registered_capital, '100.5');
		assert.equal(r.json.status, '吊销');
		/* a user without registry.read is refused (and logged) */
		r = await lookup(auditor, 'persons', '11010519491231002X', '看看', 'X-1');
		assert.equal(r.status, 403);
	});

	it('keeps the history of an updated record for the manager only', async () => {
		const v2 = PERSONS.replace('北京市朝阳区建国路1号,正常,13812345678',
		    '北京市朝阳区建国路9号,迁出,13900000000');
		let r = await importCsv(admin, 'persons', v2);
		assert.equal(r.json.updated, 1);
		r = await lookup(admin, 'persons', '11010519491231002X', '核查变更', 'Q-8', '?history=1');
		assert.equal(r.json.version, 2);
		assert.equal(r.json.address, '北京市朝阳区建国路9号');
		assert.equal(r.json.history.length, 1);
		assert.equal(r.json.history[0].version, 1);
		assert.equal(r.json.history[0].address, '北京市朝阳区建国路1号');
		assert.equal(r.json.history[0].phone, '13812345678');
		assert.equal(r.json.history[0].changed, 'address,status,phone');
		r = await lookup(clerk, 'persons', '11010519491231002X', '核查变更', 'Q-8', '?history=1');
		assert.equal(r.json.history, undefined);
		assert.equal(r.json.phone, '139****0000');
	});

	it('batch lookups answer per key and log each read', async () => {
		const before = (await logOf()).length;
		let r = await api(srv.base, 'POST', '/api/v1/registry/persons/batch', {
			token: clerk.token, json: { keys: ['11010519491231002X', '123',
			    '130102199001010074', '130102199001010031'] },
			headers: { 'X-Purpose': enc('批量核验'), 'X-Case-Ref': 'B-1' } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((x) => x.status), ['ok', 'invalid', 'not_found', 'ok']);
		assert.equal(r.json.items[0].record.id_number, '1101**********002X');
		assert.equal(r.json.items[1].error.code, 'invalid_id_number');
		assert.equal((await logOf()).length, before + 3);
		/* a file of keys, one a line */
		r = await api(srv.base, 'POST', '/api/v1/registry/legal-persons/batch', {
			token: clerk.token, body: '91350200776049653A\r\n913502000728319549\n',
			headers: { 'Content-Type': 'text/plain', 'X-Purpose': enc('批量核验'),
			    'X-Case-Ref': 'B-2' } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((x) => x.record.name),
		    ['厦门某某科技有限公司', '厦门某某食品有限公司']);
		/* the same file uploaded as multipart */
		const mp = multipart([{ name: 'file', filename: 'keys.txt',
		    data: '91350200776049653A\n913502000728319549\n' }]);
		r = await api(srv.base, 'POST', '/api/v1/registry/legal-persons/batch', {
			token: clerk.token, body: mp.body, headers: { 'Content-Type': mp.type,
			    'X-Purpose': enc('批量核验'), 'X-Case-Ref': 'B-2' } });
		assert.equal(r.status, 200, r.text);
		assert.deepEqual(r.json.items.map((x) => x.status), ['ok', 'ok']);
		/* the cap */
		r = await api(srv.base, 'POST', '/api/v1/registry/persons/batch', {
			token: clerk.token, json: { keys: Array(1001).fill('11010519491231002X') },
			headers: { 'X-Purpose': 'x', 'X-Case-Ref': 'y' } });
		assert.equal(r.status, 413);
		/* no purpose: refused, one denied row per valid key */
		const n = (await logOf()).length;
		r = await api(srv.base, 'POST', '/api/v1/registry/persons/batch', {
			token: clerk.token, json: { keys: ['11010519491231002X', '1'] } });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).field, 'X-Purpose');
		const log = await logOf();
		assert.equal(log.length, n + 1);
		assert.equal(log[0].result, 'denied');
		assert.equal(log[0].reason, 'missing_purpose');
	});

	it('reports data quality with masked samples', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/registry/quality?registry=persons',
		    { token: admin.token });
		assert.equal(r.status, 200);
		assert.equal(r.json.total, 306);
		const by = (q) => Object.fromEntries(q.issues.map((i) => [i.code, i]));
		assert.equal(by(r.json).sex_mismatch.count, 0);
		await srv.sql("UPDATE persons SET sex = '男' WHERE name = '孙八'");
		r = await api(srv.base, 'GET', '/api/v1/registry/quality?registry=persons',
		    { token: admin.token });
		assert.equal(by(r.json).sex_mismatch.count, 0);	/* 孙八 is 男: 031 is odd */
		await srv.sql("UPDATE persons SET sex = '女' WHERE name = '孙八'");
		r = await api(srv.base, 'GET', '/api/v1/registry/quality?registry=persons',
		    { token: admin.token });
		assert.equal(by(r.json).sex_mismatch.count, 1);
		assert.deepEqual(by(r.json).sex_mismatch.samples,
		    [{ key: '1301**********0031', detail: '登记为女，号码表示男' }]);
		await srv.sql("UPDATE persons SET sex = '男' WHERE name = '孙八'");
		r = await api(srv.base, 'GET', '/api/v1/registry/quality?registry=legal_persons',
		    { token: admin.token });
		assert.equal(r.json.total, 53);
		r = await api(srv.base, 'GET', '/api/v1/registry/quality', { token: clerk.token });
		assert.equal(r.status, 403);
	});

	it('logs every read exactly, and the person sees the reads of their record', async () => {
		const log = await logOf();
		const mine = log.filter((x) => x.subject_key === log.find((y) =>
		    y.purpose === '办理户籍证明').subject_key);
		/* 张三: newest first */
		assert.deepEqual(mine.map((x) => [x.actor_login, x.purpose, x.case_ref, x.result,
		    x.reason]), [
			['li.na', '', '', 'denied', 'missing_purpose'],
			['li.na', '批量核验', 'B-1', 'ok', ''],
			['li.na', '核查变更', 'Q-8', 'ok', ''],
			['zheng.hui', '核查变更', 'Q-8', 'ok', ''],
			['auditor', '看看', 'X-1', 'denied', 'registry_denied'],
			['li.na', '办理户籍证明', '石审批〔2026〕1号', 'ok', ''],
			['li.na', '核验身份', '', 'denied', 'missing_case_ref'],
			['li.na', '', '', 'denied', 'missing_purpose'],
		]);
		assert.ok(mine.every((x) => x.audit_seq > 0 && x.registry === 'persons'));
		assert.ok(mine.every((x) => /^[0-9a-f]{32}$/.test(x.subject_key)));
		assert.equal(mine[2].org_name, '石家庄市人民政府办公室');
		assert.equal(mine[3].org_name, '石家庄市数据和政务服务局');
		assert.equal(mine[4].items, '');
		assert.equal(mine[5].items, 'id_number,name,sex,birth_date,ethnicity,' +
		    'region_code,address,phone,status');
		/* the log never holds the number */
		assert.ok(!JSON.stringify(log).includes('11010519491231002X'));
		assert.equal(await count("SELECT COUNT(*) FROM audit_events WHERE " +
		    "details LIKE '%11010519491231002X%'"), 0);

		/* 张三 as a public user (accounts are registered elsewhere: the
		 * users row and the registration record are made here) */
		const add = await srv.cli(['user', 'add', '--org', 'sjz-data', '--login',
		    '11010519491231002X', '--name', '张三', '--role', 'clerk'],
		    { input: PASSWORD + '\n' });
		assert.equal(add.code, 0, add.stderr);
		await srv.sql("UPDATE users SET kind = 'person', org_id = NULL WHERE login = '11010519491231002X'");
		await srv.sql("DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE login = '11010519491231002X')");
		await srv.sql("INSERT INTO public_accounts (user_id, kind, name, id_number, phone, created_at) " +
		    "SELECT id, 'person', '张三', '11010519491231002X', '', 0 FROM users WHERE login = '11010519491231002X'");
		const zs = await ready(srv.base, '11010519491231002X');
		let r = await api(srv.base, 'GET', '/api/v1/me/data-access-log', { token: zs.token });
		assert.equal(r.status, 200, r.text);
		const at = r.json.items.map((x) => x.at);
		assert.deepEqual(r.json.items.map((x) => ({ ...x, at: undefined, id: undefined })), [
			{ org_name: '石家庄市人民政府办公室', purpose: '批量核验', case_ref: 'B-1',
			  registry: 'persons', items: ['公民身份号码', '姓名', '性别', '出生日期', '民族',
			  '户籍地', '住址', '联系电话', '户籍状态'], at: undefined, id: undefined },
			{ org_name: '石家庄市人民政府办公室', purpose: '核查变更', case_ref: 'Q-8',
			  registry: 'persons', items: r.json.items[1].items, at: undefined, id: undefined },
			{ org_name: '石家庄市数据和政务服务局', purpose: '核查变更', case_ref: 'Q-8',
			  registry: 'persons', items: r.json.items[2].items, at: undefined, id: undefined },
			{ org_name: '石家庄市人民政府办公室', purpose: '办理户籍证明',
			  case_ref: '石审批〔2026〕1号', registry: 'persons',
			  items: r.json.items[3].items, at: undefined, id: undefined },
		]);
		assert.ok(at.every((t) => t === '2026-03-02T09:00:00+08:00'));
		assert.equal(r.json.next_cursor, null);
		/* paging */
		r = await api(srv.base, 'GET', '/api/v1/me/data-access-log?limit=3', { token: zs.token });
		assert.equal(r.json.items.length, 3);
		const r2 = await api(srv.base, 'GET', `/api/v1/me/data-access-log?limit=3&cursor=${r.json.next_cursor}`,
		    { token: zs.token });
		assert.equal(r2.json.items.length, 1);
		assert.equal(r2.json.items[0].case_ref, '石审批〔2026〕1号');
		/* a new read shows at once */
		await lookup(leader, 'persons', '11010519491231002X', '行政许可审查', '石审批〔2026〕2号');
		r = await api(srv.base, 'GET', '/api/v1/me/data-access-log', { token: zs.token });
		assert.equal(r.json.items.length, 5);
		assert.equal(r.json.items[0].org_name, '石家庄市行政审批局');
		assert.equal(r.json.items[0].case_ref, '石审批〔2026〕2号');
		/* the page on the portal */
		r = await api(srv.base, 'GET', '/my/data-access', { cookie: zs.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /石家庄市行政审批局/);
		assert.match(r.text, /行政许可审查/);
		assert.match(r.text, /我的数据被查询记录/);
		/* staff have no such view; a person cannot look people up */
		r = await api(srv.base, 'GET', '/api/v1/me/data-access-log', { token: clerk.token });
		assert.equal(r.status, 403);
		r = await lookup(zs, 'persons', '11010519491231002X', 'x', 'y');
		assert.equal(r.status, 403);
	});

	it('an enterprise sees the reads of its legal-person record', async () => {
		const uscc = '913502000728319549';
		const add = await srv.cli(['user', 'add', '--org', 'sjz-data', '--login', uscc,
		    '--name', '厦门某某食品有限公司', '--role', 'clerk'], { input: PASSWORD + '\n' });
		assert.equal(add.code, 0, add.stderr);
		await srv.sql(`UPDATE users SET kind = 'enterprise', org_id = NULL WHERE login = '${uscc}'`);
		await srv.sql(`DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE login = '${uscc}')`);
		const ent = await ready(srv.base, uscc);
		const r = await api(srv.base, 'GET', '/api/v1/me/data-access-log', { token: ent.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items.map((x) => [x.org_name, x.purpose, x.case_ref, x.registry]), [
			['石家庄市人民政府办公室', '批量核验', 'B-2', 'legal_persons'],
			['石家庄市人民政府办公室', '批量核验', 'B-2', 'legal_persons'],
			['石家庄市行政审批局', '企业开办', 'QY-9', 'legal_persons'],
		]);
		assert.deepEqual(r.json.items[2].items, ['统一社会信用代码', '名称', '机构类别',
		    '登记管理部门', '登记机关所在地', '法定代表人', '注册资本', '住所', '成立日期',
		    '登记状态']);
	});

	it('the audit chain covers the log and stays intact', async () => {
		const r = await srv.cli(['audit', 'verify']);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.equal(await count("SELECT COUNT(*) FROM registry_access_log l JOIN audit_events e " +
		    "ON e.seq = l.audit_seq AND e.action = 'registry.read'"),
		    await count('SELECT COUNT(*) FROM registry_access_log'));
		/* the data-access log is append-only */
		const del = await srv.sql('DELETE FROM registry_access_log');
		assert.notEqual(del.code, 0);
	});

	it('zhengwu import: all or nothing, the report file, --skip-invalid, --encoding gbk', async () => {
		const file = path.join(srv.root, 'legal.csv');
		const bad = 'uscc,name,legal_representative,registered_capital,address,established_on,status\n' +
		    '123502001549897397,厦门市某某中学,周九,,厦门市思明区6号,1950-09-01,存续\n' +
		    '91350213678251743X,厦门某某物流有限公司,赵六,100,厦门市集美区4号,2030-01-01,存续\n';
		await fs.writeFile(file, bad);
		let r = await srv.cli(['import', 'legal-persons', file]);
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /2 行，接受 1 行，拒绝 1 行/);
		assert.match(r.stderr, /第3行：成立日期2030-01-01晚于今天/);
		const report = await fs.readFile(file + '.rejected.csv', 'utf8');
		assert.equal(report, 'line,code,field,message\n' +
		    '3,future_date,established_on,"成立日期2030-01-01晚于今天"\n');
		assert.equal(await count("SELECT COUNT(*) FROM legal_persons WHERE uscc = '123502001549897397'"), 0);
		r = await srv.cli(['import', 'legal-persons', file, '--skip-invalid', '--report',
		    path.join(srv.root, 'r.csv')]);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /新增 1，更新 0，未变 0/);
		assert.equal(await count("SELECT COUNT(*) FROM legal_persons WHERE uscc = '123502001549897397' " +
		    "AND org_type = '事业单位' AND authority = '机构编制'"), 1);
		const g = path.join(srv.root, 'gbk.csv');
		await fs.writeFile(g, gbk('uscc,name,legal_representative,registered_capital,address,established_on,status\n' +
		    '9135021359498494XQ,厦门某某餐饮有限公司,钱七,100,厦门市湖里区5号,2012-03-01,在业\n'));
		r = await srv.cli(['import', 'legal-persons', g]);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /GBK/);
		r = await srv.cli(['import', 'legal-persons', g, '--encoding', 'gbk']);
		assert.equal(r.code, 0, r.stderr);
		assert.equal(await count("SELECT COUNT(*) FROM legal_persons WHERE name = '厦门某某餐饮有限公司'"), 1);
		r = await srv.cli(['import', 'people', g]);
		assert.equal(r.code, 2);
	});

	it('office pages: lookup form, import, quality', async () => {
		let r = await api(srv.base, 'GET', '/office/registry', { cookie: clerk.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /基础库查询/);
		const form = (o) => new URLSearchParams({ csrf_token: clerk.csrf, ...o }).toString();
		r = await api(srv.base, 'POST', '/office/registry', { cookie: clerk.cookie,
		    body: form({ registry: 'persons', key: '11010519491231002X', purpose: '',
		    case_ref: 'P-1' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 422);
		assert.match(r.text, /须说明事由/);
		r = await api(srv.base, 'POST', '/office/registry', { cookie: clerk.cookie,
		    body: form({ registry: 'persons', key: '11010519491231002X', purpose: '窗口核验',
		    case_ref: 'P-1' }), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
		assert.equal(r.status, 200);
		assert.match(r.text, /1101\*\*\*\*\*\*\*\*\*\*002X/);
		r = await api(srv.base, 'GET', '/office/registry/import', { cookie: clerk.cookie });
		assert.equal(r.status, 403);
		r = await api(srv.base, 'GET', '/office/registry/quality?registry=legal_persons',
		    { cookie: admin.cookie });
		assert.equal(r.status, 200);
		assert.match(r.text, /法人基础库数据质量/);
		const mp = multipart([{ name: 'csrf_token', data: admin.csrf },
		    { name: 'registry', data: 'persons' },
		    { name: 'file', filename: 'p.csv', data: PERSONS.replace('130102199001010031', '130102199001010032') }]);
		r = await api(srv.base, 'POST', '/office/registry/import', { cookie: admin.cookie,
		    body: mp.body, headers: { 'Content-Type': mp.type } });
		assert.equal(r.status, 422);
		assert.match(r.text, /未导入任何数据/);
		assert.match(r.text, /校验码错误/);
		r = await api(srv.base, 'GET', '/office/', { cookie: clerk.cookie });
		assert.match(r.text, /href="\/office\/registry"/);
		r = await api(srv.base, 'GET', '/office/', { cookie: auditor.cookie });
		assert.ok(!r.text.includes('href="/office/registry"'));
	});
});
