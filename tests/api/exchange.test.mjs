// exchange.test.mjs -- datasets and comparison (比对) over HTTP
// (standards.md §5 sharing, §6 keys, §7 SM2/SM3): two published
// versions and the exact changes since version 1, the provider's SM2
// signature checked with the stock openssl command, refused versions
// (duplicate keys, wrong column count with the line, invalid UTF-8,
// GBK) that change nothing, a comparison job with exact counts, paged
// results and the CSV export, a comparison against the legal-person
// registry, and who may read what.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startServer, api, ready, login, errorOf, listAll, run } from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

const HEAD = 'uscc,name,status,capital\n';
const V1 = HEAD +
	'91350200776049653A,甲公司,存续,100\n' +
	'913502000728319549,乙公司,存续,200\n' +
	'91350213678251743X,丙公司,存续,300\n' +
	'9135021359498494XQ,"丁公司,分部",存续,400\n' +
	'91440101MA5CJQ4N59,戊公司,存续,500\n';
/* v2: 乙 removed, 戊 renamed, 己 added */
const V2 = HEAD +
	'91350200776049653A,甲公司,存续,100\n' +
	'91350213678251743X,丙公司,存续,300\n' +
	'9135021359498494XQ,"丁公司,分部",存续,400\n' +
	'91440101MA5CJQ4N59,戊有限公司,存续,500\n' +
	'123502001549897397,己单位,存续,600\n';

describe('exchange: datasets and comparison', () => {
	let srv, clerk, other, dataAdmin, dsId, cmpId;
	const count = async (sql) => Number((await srv.sql(sql)).stdout.trim());
	const publish = (s, id, body, type = 'text/csv') => api(srv.base, 'POST',
	    `/api/v1/datasets/${id}/versions`, { token: s.token, body,
	    headers: { 'Content-Type': type } });
	async function finished(s, id) {
		for (let i = 0; i < 200; i++) {
			const r = await api(srv.base, 'GET', `/api/v1/comparisons/${id}`,
			    { token: s.token });
			assert.equal(r.status, 200, r.text);
			if (r.json.status === 'done' || r.json.status === 'failed')
				return r.json;
			await new Promise((res) => setTimeout(res, 100));
		}
		throw new Error('comparison did not finish');
	}

	before(async () => {
		srv = await startServer({ now: NOW });
		clerk = await ready(srv.base, 'li.na');		/* 办事人员: exchange.publish */
		other = await ready(srv.base, 'wang.fang');	/* another organization */
		dataAdmin = await ready(srv.base, 'zheng.hui');	/* exchange.read */
	});
	after(async () => srv && srv.close());

	it('creates a dataset and publishes two versions with exact change sets', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/datasets', { token: clerk.token,
		    json: { name: '市场主体名录', key_column: 'uscc', description: '测试' } });
		assert.equal(r.status, 201, r.text);
		dsId = r.json.id;
		assert.equal(r.json.latest_version, 0);
		assert.equal(r.json.resource_id, null);
		r = await api(srv.base, 'POST', '/api/v1/datasets', { token: clerk.token,
		    json: { name: '市场主体名录', key_column: 'uscc' } });
		assert.equal(r.status, 409);
		assert.equal(errorOf(r).code, 'duplicate_name');

		r = await publish(clerk, dsId, V1);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.version, 1);
		assert.equal(r.json.row_count, 5);
		assert.equal(r.json.rows_added, 5);
		assert.equal(r.json.rows_removed, 0);
		assert.equal(r.json.sm3.length, 64);
		assert.deepEqual(r.json.columns, ['uscc', 'name', 'status', 'capital']);
		r = await publish(clerk, dsId, V2);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.version, 2);
		assert.deepEqual([r.json.row_count, r.json.rows_added, r.json.rows_removed,
		    r.json.rows_changed], [5, 1, 1, 1]);

		r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}/changes?since=1`,
		    { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		assert.equal(r.json.since, 1);
		assert.equal(r.json.to, 2);
		assert.deepEqual(r.json.added, [{ uscc: '123502001549897397', name: '己单位',
		    status: '存续', capital: '600' }]);
		assert.deepEqual(r.json.removed, [{ key: '913502000728319549' }]);
		assert.deepEqual(r.json.changed, [{ key: '91440101MA5CJQ4N59', fields: ['name'],
		    row: { uscc: '91440101MA5CJQ4N59', name: '戊有限公司', status: '存续',
		    capital: '500' } }]);
		r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}/changes?since=0`,
		    { token: clerk.token });
		assert.equal(r.json.added.length, 5);
		assert.equal(r.json.added.find((x) => x.uscc === '9135021359498494XQ').name,
		    '丁公司,分部');
		r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}/changes?since=2`,
		    { token: clerk.token });
		assert.deepEqual([r.json.added, r.json.removed, r.json.changed], [[], [], []]);
		r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}/changes?since=3`,
		    { token: clerk.token });
		assert.equal(r.status, 422);

		r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}/versions/1/data`,
		    { token: clerk.token });
		assert.equal(r.status, 200);
		assert.equal(r.text, V1);
		/* versions are immutable: an audit event per publication */
		assert.equal(await count("SELECT COUNT(*) FROM audit_events WHERE action = " +
		    "'dataset.publish'"), 2);
	});

	it('the version signature verifies with the stock openssl command (§7)', async () => {
		const r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}/versions/2`,
		    { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		const v = r.json.verification;
		assert.equal(v.algorithm, 'SM2-SM3');
		assert.equal(v.valid, true);
		assert.equal(Buffer.from(v.signed_data_b64, 'base64').toString(), r.json.sm3);
		const sm3 = spawnSync('openssl', ['dgst', '-sm3', '-r'], { input: Buffer.from(V2) });
		assert.equal(sm3.stdout.toString().split(' ')[0], r.json.sm3);
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zw-ds-'));
		await fs.writeFile(path.join(dir, 'pub.pem'), v.public_key_pem);
		await fs.writeFile(path.join(dir, 'data'), Buffer.from(v.signed_data_b64, 'base64'));
		await fs.writeFile(path.join(dir, 'sig.der'), Buffer.from(v.signature_der_b64, 'base64'));
		const args = ['dgst', '-sm3', '-verify', path.join(dir, 'pub.pem'), '-signature',
		    path.join(dir, 'sig.der'), '-sigopt', 'distid:1234567812345678',
		    path.join(dir, 'data')];
		let o = await run('openssl', args);
		assert.equal(o.code, 0, o.stdout + o.stderr);
		assert.match(o.stdout, /Verified OK/);
		await fs.writeFile(path.join(dir, 'data'), 'f'.repeat(64));
		o = await run('openssl', args);
		assert.notEqual(o.code, 0);
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('refuses bad versions with the line and changes nothing', async () => {
		const before = [await count('SELECT COUNT(*) FROM dataset_versions'),
		    await count(`SELECT latest_version FROM datasets WHERE id = ${dsId}`),
		    await count('SELECT COUNT(*) FROM audit_events')];
		let r = await publish(clerk, dsId, HEAD + '1,a,b,c\n2,a,b,c\n1,x,y,z\n');
		assert.equal(r.status, 422, r.text);
		assert.equal(errorOf(r).code, 'duplicate_key');
		assert.equal(r.json.error.line, 4);
		assert.match(errorOf(r).message, /第4行.*与第2行重复/);
		r = await publish(clerk, dsId, HEAD + '1,a,b,c\n2,a,b\n');
		assert.equal(errorOf(r).code, 'column_count');
		assert.equal(r.json.error.line, 3);
		assert.match(errorOf(r).message, /^第3行/);
		r = await publish(clerk, dsId, Buffer.concat([Buffer.from(HEAD + '1,a,b,c\n2,'),
		    Buffer.from([0xff, 0xfe, 0x41]), Buffer.from(',b,c\n')]));
		assert.equal(errorOf(r).code, 'invalid_utf8');
		assert.equal(r.json.error.line, 3);
		const gbk = spawnSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'],
		    { input: Buffer.from(HEAD + '1,甲公司,存续,1\n') }).stdout;
		r = await publish(clerk, dsId, gbk);
		assert.equal(errorOf(r).code, 'gbk_encoding');
		assert.match(errorOf(r).message, /GBK/);
		r = await publish(clerk, dsId, 'name,status\na,b\n');
		assert.equal(errorOf(r).code, 'no_key_column');
		r = await publish(clerk, dsId, HEAD + ',a,b,c\n');
		assert.equal(errorOf(r).code, 'empty_key');
		r = await api(srv.base, 'POST', `/api/v1/datasets/${dsId}/versions`,
		    { token: clerk.token, json: { rows: [{ uscc: '1', name: 'a' }, { uscc: '2' }] } });
		assert.equal(errorOf(r).code, 'column_count');
		/* another organization may not publish */
		r = await publish(other, dsId, V1);
		assert.equal(r.status, 404);
		assert.deepEqual([await count('SELECT COUNT(*) FROM dataset_versions'),
		    await count(`SELECT latest_version FROM datasets WHERE id = ${dsId}`),
		    await count('SELECT COUNT(*) FROM audit_events')], before);
	});

	it('publishes a JSON array of objects', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/datasets', { token: clerk.token,
		    json: { name: 'JSON 名录', key_column: 'id' } });
		const id = r.json.id;
		r = await api(srv.base, 'POST', `/api/v1/datasets/${id}/versions`,
		    { token: clerk.token, json: { rows: [{ id: 'b', v: 2 }, { id: 'a', v: 'x,y' }] } });
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.source_format, 'json');
		assert.equal(r.json.row_count, 2);
		r = await api(srv.base, 'GET', `/api/v1/datasets/${id}/versions/1/data`,
		    { token: clerk.token });
		assert.equal(r.text, 'id,v\nb,2\na,"x,y"\n');
	});

	it('compares two versions in a background job: exact counts, paged results, CSV', async () => {
		let r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { left: { dataset_id: dsId, version: 1 }, right: { dataset_id: dsId,
		    version: 2 }, key: 'uscc' } });
		assert.equal(r.status, 202, r.text);
		cmpId = r.json.id;
		assert.equal(r.json.status, 'queued');
		const c = await finished(clerk, cmpId);
		assert.equal(c.status, 'done', JSON.stringify(c));
		assert.deepEqual(c.counts, { only_left: 1, only_right: 1, both_same: 3,
		    both_different: 1 });
		assert.deepEqual(c.field_diffs, { name: 0 + 1, status: 0, capital: 0 });
		assert.deepEqual(c.progress, { rows_read: 10, rows_total: 10 });
		assert.equal(c.left_rows, 5);
		assert.equal(c.right_rows, 5);

		r = await api(srv.base, 'GET', `/api/v1/comparisons/${cmpId}/results?kind=different`,
		    { token: clerk.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.items, [{ kind: 'different', key: '91440101MA5CJQ4N59',
		    fields: [{ field: 'name', left: '戊公司', right: '戊有限公司' }] }]);
		r = await api(srv.base, 'GET', `/api/v1/comparisons/${cmpId}/results?kind=only_left`,
		    { token: clerk.token });
		assert.deepEqual(r.json.items.map((x) => x.key), ['913502000728319549']);
		const all = await listAll(srv.base, `/api/v1/comparisons/${cmpId}/results?limit=1`,
		    { token: clerk.token });
		assert.equal(all.length, 3);
		assert.deepEqual(all.map((x) => x.kind).sort(), ['different', 'only_left',
		    'only_right']);
		r = await api(srv.base, 'GET', `/api/v1/comparisons/${cmpId}/results?kind=bogus`,
		    { token: clerk.token });
		assert.equal(r.status, 400);

		r = await api(srv.base, 'GET', `/api/v1/comparisons/${cmpId}/results.csv`,
		    { token: clerk.token });
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /text\/csv/);
		const lines = r.text.trim().split('\n');
		assert.equal(lines[0], 'kind,key,field,left,right');
		assert.deepEqual(lines.slice(1).sort(), [
			'different,91440101MA5CJQ4N59,name,戊公司,戊有限公司',
			'only_left,913502000728319549,,,',
			'only_right,123502001549897397,,,']);

		/* only the named fields are compared */
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { left: { dataset_id: dsId, version: 1 }, right: { dataset_id: dsId },
		    key: 'uscc', fields: ['status'] } });
		const c2 = await finished(clerk, r.json.id);
		assert.deepEqual(c2.counts, { only_left: 1, only_right: 1, both_same: 4,
		    both_different: 0 });
		assert.equal(c2.right.version, 2);
	});

	it('a side that is not a valid table fails the job with the reason', async () => {
		const bad = HEAD + '1,a,b,c\n1,a,b,c\n';
		let r = await api(srv.base, 'POST', '/api/v1/blobs', { token: clerk.token,
		    body: bad, headers: { 'Content-Type': 'text/csv', 'X-Filename': 'bad.csv' } });
		assert.equal(r.status, 201, r.text);
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { left: { file_id: r.json.id }, right: { dataset_id: dsId }, key: 'uscc' } });
		assert.equal(r.status, 202, r.text);
		const c = await finished(clerk, r.json.id);
		assert.equal(c.status, 'failed');
		assert.equal(c.error.code, 'duplicate_key');
		assert.match(c.error.message, /^左侧数据：第3行/);
		/* bad requests are refused at once */
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { left: { registry: 'persons' }, right: { dataset_id: dsId }, key: 'uscc' } });
		assert.equal(r.status, 422);
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { left: { dataset_id: dsId, version: 9 }, right: { dataset_id: dsId },
		    key: 'uscc' } });
		assert.equal(r.status, 404);
		assert.equal(errorOf(r).code, 'version_not_found');
	});

	it('compares a dataset against the legal-person registry', async () => {
		const ENT = '91130102400001010E';	/* the demo enterprise account */
		const rows = (await srv.sql('SELECT uscc, name, status FROM legal_persons ' +
		    `WHERE uscc <> '${ENT}' ORDER BY uscc LIMIT 2`)).stdout.trim().split('\n').map((l) => l.split('|'));
		const total = await count('SELECT COUNT(*) FROM legal_persons');
		assert.ok(total > 3);
		const csv = 'uscc,name,status\n' + `${rows[0][0]},${rows[0][1]},${rows[0][2]}\n` +
		    `${rows[1][0]},${rows[1][1]}（错）,${rows[1][2]}\n` + 'X0000,不存在,存续\n' +
		    `${ENT},石家庄长安晨光商贸有限公司,存续\n`;
		let r = await api(srv.base, 'POST', '/api/v1/datasets', { token: clerk.token,
		    json: { name: '待核法人', key_column: 'uscc' } });
		const id = r.json.id;
		r = await publish(clerk, id, csv);
		assert.equal(r.status, 201, r.text);
		/* a registry side is a read of personal data: 事由 and 业务编号 (§7) */
		const spec = { left: { dataset_id: id }, right: { registry: 'legal_persons' },
		    key: 'uscc', fields: ['name', 'status'] };
		const nCmp = await count('SELECT COUNT(*) FROM comparisons');
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token, json: spec });
		assert.equal(r.status, 422);
		assert.equal(r.json.error.code, 'purpose_required');
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { ...spec, purpose: '核对企业登记信息' } });
		assert.equal(r.json.error.code, 'case_ref_required');
		assert.equal(await count('SELECT COUNT(*) FROM comparisons'), nCmp);
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: clerk.token,
		    json: { ...spec, purpose: '核对企业登记信息', case_ref: 'CMP-2026-7' } });
		assert.equal(r.status, 202, r.text);
		const c = await finished(clerk, r.json.id);
		assert.equal(c.status, 'done', JSON.stringify(c));
		assert.deepEqual(c.counts, { only_left: 1, only_right: total - 3, both_same: 2,
		    both_different: 1 });
		/* the three registry records read are each in the data-access log … */
		assert.equal(await count("SELECT COUNT(*) FROM registry_access_log WHERE " +
		    "case_ref = 'CMP-2026-7' AND purpose = '核对企业登记信息' AND result = 'ok'"), 3);
		/* … and the enterprise sees the read in its own log on the portal */
		const ent = await login(srv.base, ENT);
		const mine = await api(srv.base, 'GET', '/api/v1/me/data-access-log', { token: ent.token });
		assert.equal(mine.status, 200, mine.text);
		assert.ok(mine.json.items.some((x) => x.case_ref === 'CMP-2026-7' &&
		    x.purpose === '核对企业登记信息' && x.org_name === '石家庄市人民政府办公室'), mine.text);
		assert.deepEqual(c.field_diffs, { name: 1, status: 0 });
		r = await api(srv.base, 'GET', `/api/v1/comparisons/${c.id}/results?kind=different`,
		    { token: clerk.token });
		assert.deepEqual(r.json.items[0].fields, [{ field: 'name', left: rows[1][1] + '（错）',
		    right: rows[1][1] }]);
	});

	it('reads are limited to the provider organization and exchange.read', async () => {
		let r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}`, { token: other.token });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'GET', `/api/v1/comparisons/${cmpId}`, { token: other.token });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'POST', '/api/v1/comparisons', { token: other.token,
		    json: { left: { dataset_id: dsId }, right: { dataset_id: dsId }, key: 'uscc' } });
		assert.equal(r.status, 404);
		r = await api(srv.base, 'GET', `/api/v1/datasets?limit=100`, { token: other.token });
		assert.ok(r.json.items.every((d) => d.id !== dsId));
		r = await api(srv.base, 'GET', `/api/v1/datasets/${dsId}`, { token: dataAdmin.token });
		assert.equal(r.status, 200);
		assert.deepEqual(r.json.versions.map((v) => v.version), [2, 1]);
		r = await api(srv.base, 'GET', `/api/v1/comparisons/${cmpId}`,
		    { token: dataAdmin.token });
		assert.equal(r.status, 200);
	});

	it('pages: datasets, one dataset with its signature check, comparisons, one comparison', async () => {
		const cookie = { cookie: clerk.cookie };
		let r = await api(srv.base, 'GET', '/office/datasets', cookie);
		assert.equal(r.status, 200);
		assert.match(r.text, /市场主体名录/);
		r = await api(srv.base, 'GET', `/office/datasets/${dsId}`, cookie);
		assert.equal(r.status, 200);
		assert.equal((r.text.match(/签名有效/g) || []).length, 2);
		r = await api(srv.base, 'GET', '/office/comparisons', cookie);
		assert.equal(r.status, 200);
		assert.match(r.text, /新建比对/);
		r = await api(srv.base, 'GET', `/office/comparisons/${cmpId}?kind=different`, cookie);
		assert.equal(r.status, 200);
		assert.match(r.text, /戊有限公司/);
		assert.match(r.text, /results\.csv/);
	});

	it('subscriptions: a consumer the catalog lets read a dataset gets each new version\'s changes delivered (§5)', async () => {
		const provider = await ready(srv.base, 'liu.yang');	/* 市行政审批局 clerk */
		const cat = (await listAll(srv.base, `/api/v1/catalog?q=${encodeURIComponent('行政许可决定信息')}`,
		    { token: provider.token })).find((x) => x.name === '行政许可决定信息');
		assert.ok(cat, 'the demo catalog holds 行政许可决定信息 (无条件共享)');
		/* a dataset may only publish its own organization's resource */
		let r = await api(srv.base, 'POST', '/api/v1/datasets', { token: clerk.token,
		    json: { name: '冒用目录', key_column: 'uscc', resource_id: cat.id } });
		assert.equal(r.status, 422);
		assert.equal(r.json.error.code, 'invalid_resource');
		r = await api(srv.base, 'POST', '/api/v1/datasets', { token: provider.token,
		    json: { name: '行政许可决定', key_column: 'uscc', resource_id: cat.id } });
		assert.equal(r.status, 201, r.text);
		const ds = r.json.id;
		/* li.na (市政府办公室, no exchange.read) sees it through the catalog */
		r = await api(srv.base, 'GET', `/api/v1/datasets/${ds}`, { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		r = await api(srv.base, 'POST', `/api/v1/datasets/${ds}/subscriptions`,
		    { token: clerk.token, json: {} });
		assert.equal(r.status, 201, r.text);
		const sub = r.json.id;
		r = await api(srv.base, 'POST', `/api/v1/datasets/${ds}/subscriptions`,
		    { token: clerk.token, json: {} });
		assert.equal(r.status, 409);
		assert.equal(r.json.error.code, 'already_subscribed');
		assert.equal((await publish(provider, ds, V1)).status, 201);
		assert.equal((await publish(provider, ds, V2)).status, 201);
		/* the delivery job runs in the background: wait for version 2 */
		let mine;
		for (let i = 0; i < 200; i++) {
			r = await api(srv.base, 'GET', '/api/v1/subscriptions', { token: clerk.token });
			mine = r.json.items.find((x) => x.id === sub);
			if (mine.delivered_version === 2)
				break;
			await new Promise((res) => setTimeout(res, 100));
		}
		assert.equal(mine.delivered_version, 2);
		assert.equal(mine.latest_version, 2);
		assert.equal(mine.held_reason, '');
		r = await api(srv.base, 'GET', `/api/v1/dataset-deliveries?subscription_id=${sub}`, { token: clerk.token });
		assert.equal(r.status, 200);
		const dels = r.json.items;
		/* one delivery or two, as the job ran between the publications or not;
		 * together they carry version 0 -> 2 exactly */
		assert.ok(dels.length === 1 || dels.length === 2, JSON.stringify(dels));
		assert.equal(dels[0].to_version, 2);
		assert.equal(dels[dels.length - 1].from_version, 0);
		const last = await api(srv.base, 'GET', `/api/v1/dataset-deliveries/${dels[0].id}`, { token: clerk.token });
		assert.equal(last.status, 200);
		if (dels.length === 2) {
			assert.deepEqual([last.json.rows_added, last.json.rows_removed, last.json.rows_changed], [1, 1, 1]);
			assert.deepEqual(last.json.changes.removed, [{ key: '913502000728319549' }]);
		} else {
			assert.equal(last.json.rows_added, 5);
		}
		/* the subscriber is told */
		const m = await api(srv.base, 'GET', '/api/v1/me/messages', { token: clerk.token });
		assert.ok(m.json.items.some((x) => x.title === '数据集“行政许可决定”已推送第2版'), m.text);
		/* another organization's delivery is not ours to read */
		r = await api(srv.base, 'GET', `/api/v1/dataset-deliveries/${dels[0].id}`, { token: provider.token });
		assert.equal(r.status, 404);
		/* unsubscribed: the next version is not delivered */
		r = await api(srv.base, 'DELETE', `/api/v1/subscriptions/${sub}`, { token: clerk.token });
		assert.equal(r.status, 200, r.text);
		const before = await count(`SELECT COUNT(*) FROM dataset_deliveries WHERE subscription_id = ${sub}`);
		assert.equal((await publish(provider, ds, V1)).status, 201);
		await new Promise((res) => setTimeout(res, 1500));
		assert.equal(await count(`SELECT COUNT(*) FROM dataset_deliveries WHERE subscription_id = ${sub}`), before);
		r = await api(srv.base, 'GET', '/office/subscriptions', { token: clerk.token });
		assert.equal(r.status, 200);
	});
});
