// files.test.mjs -- uploads (POST /api/v1/blobs, multipart and raw),
// metadata and downloads: byte-exact round trips, name/type/signature
// rules, the 32 MiB cap, data scope, tamper detection by SM3, CSRF for
// cookie uploads, and the file.upload audit event.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

import { startServer, api, ready, errorOf, rawRequest } from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';
const MiB = 1 << 20;

const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const sm3 = (buf) => createHash('sm3').update(buf).digest('hex');

/* Every byte value, behind a format's signature, plus some randomness
 * so that no two tests share a blob. */
function sample(sig) {
	const all = Buffer.alloc(256);
	for (let i = 0; i < 256; i++)
		all[i] = i;
	return Buffer.concat([Buffer.from(sig), all, randomBytes(64), Buffer.from('\r\n\0end')]);
}

/* A multipart/form-data body written by hand. parts: [{name, filename,
 * type, data}] (filename undefined: a plain field). */
function multipart(parts) {
	const boundary = '----zwTest' + randomBytes(8).toString('hex');
	const chunks = [];
	for (const p of parts) {
		let h = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
		if (p.filename !== undefined)
			h += `; filename="${p.filename}"`;
		h += '\r\n';
		if (p.type)
			h += `Content-Type: ${p.type}\r\n`;
		h += '\r\n';
		chunks.push(Buffer.from(h, 'utf8'), Buffer.from(p.data), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

/* A 33 MiB body sent chunked (no Content-Length), so that the server
 * has to count while reading. */
function chunkedUpload(base, token, size) {
	const u = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: u.hostname, port: u.port, method: 'POST',
		    path: '/api/v1/blobs', headers: { Authorization: 'Bearer ' + token,
		    'Content-Type': 'application/pdf', 'X-Filename': 'big.pdf',
		    'Transfer-Encoding': 'chunked' } }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode,
			    text: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		const block = Buffer.alloc(MiB, 0x41);
		block.write('%PDF-');
		for (let n = 0; n < size; n += MiB)
			req.write(block.subarray(0, Math.min(MiB, size - n)));
		req.end();
	});
}

describe('files (blobs)', () => {
	let srv, clerk, other, leader, supervisor, auditor;

	before(async () => {
		srv = await startServer({ now: NOW });
		clerk = await ready(srv.base, 'li.na');		/* clerk, 石家庄市政府办公室 */
		other = await ready(srv.base, 'liu.yang');	/* clerk, 石家庄市行政审批局 */
		leader = await ready(srv.base, 'zhang.wei');	/* leader, same org as li.na */
		supervisor = await ready(srv.base, 'chen.jing');	/* scope all */
		auditor = await ready(srv.base, 'auditor');
	});
	after(async () => { await srv?.close(); });

	function uploadMultipart(s, parts, extra = {}) {
		const m = multipart(parts);
		return api(srv.base, 'POST', '/api/v1/blobs', { token: s.token, ...extra,
		    headers: { 'Content-Type': m.type }, body: m.body });
	}
	function uploadRaw(s, name, type, data, extra = {}) {
		const headers = { 'Content-Type': type };
		if (name !== null)
			headers['X-Filename'] = encodeURIComponent(name);
		return api(srv.base, 'POST', '/api/v1/blobs', { token: s.token, ...extra,
		    headers, body: data });
	}
	async function fileCount() {
		const r = await srv.sql('SELECT COUNT(*) FROM files');
		assert.equal(r.code, 0, r.stderr);
		return Number(r.stdout.trim());
	}
	function contentDispositionName(cd) {
		const m = /filename\*=UTF-8''([^;\s]+)/.exec(cd || '');
		assert.ok(m, `filename* in ${cd}`);
		return decodeURIComponent(m[1]);
	}

	it('multipart upload → 201 {id, sm3, size, content_type, filename}; GET metadata; download is byte-exact', async () => {
		const name = '关于印发《政务公开实施方案》的通知.pdf';
		const data = sample('%PDF-1.7\n');
		const r = await uploadMultipart(clerk, [
			{ name: 'note', data: '备注' },
			{ name: 'file', filename: name, type: 'application/octet-stream', data },
		]);
		assert.equal(r.status, 201, r.text);
		assert.equal(typeof r.json.id, 'number');
		assert.equal(r.json.sm3, sm3(data));
		assert.equal(r.json.size, data.length);
		assert.equal(r.json.content_type, 'application/pdf', 'from the extension, not the client');
		assert.equal(r.json.filename, name);
		assert.equal(r.headers.get('location'), `/api/v1/blobs/${r.json.id}`);

		const m = await api(srv.base, 'GET', `/api/v1/blobs/${r.json.id}`, { token: clerk.token });
		assert.equal(m.status, 200);
		assert.equal(m.json.id, r.json.id);
		assert.equal(m.json.sm3, r.json.sm3);
		assert.equal(m.json.filename, name);
		assert.equal(m.json.uploaded_by, clerk.user.id);
		assert.equal(m.json.org_id, clerk.user.org_id);
		assert.equal(m.json.created_at, NOW);

		const d = await api(srv.base, 'GET', `/api/v1/blobs/${r.json.id}/content`, { token: clerk.token });
		assert.equal(d.status, 200);
		assert.ok(d.buf.equals(data), 'byte-exact');
		assert.equal(d.headers.get('content-type'), 'application/pdf');
		assert.equal(d.headers.get('etag'), `"${sm3(data)}"`);
		assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
		const cd = d.headers.get('content-disposition');
		assert.match(cd, /^attachment; /);
		assert.match(cd, /filename="[\x20-\x7e]+"/, 'an ASCII fallback');
		assert.equal(contentDispositionName(cd), name);
	});

	it('raw upload with Content-Type and a percent-encoded X-Filename → 201; round trip', async () => {
		const name = '营业执照 副本.PNG';
		const data = sample(PNG_SIG);
		const r = await uploadRaw(clerk, name, 'image/png', data);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.content_type, 'image/png');
		assert.equal(r.json.filename, name);
		assert.equal(r.json.size, data.length);
		const d = await api(srv.base, 'GET', `/api/v1/blobs/${r.json.id}/content`, { token: clerk.token });
		assert.equal(d.status, 200);
		assert.ok(d.buf.equals(data));
		assert.equal(d.headers.get('content-type'), 'image/png');
		assert.equal(contentDispositionName(d.headers.get('content-disposition')), name);
	});

	it('every allowed type is accepted; types without a signature rule take any bytes', async () => {
		const zip = 'PK\x03\x04';
		const cases = [
			['公文.ofd', zip, 'application/ofd'],
			['a.doc', 'x', 'application/msword'],
			['a.docx', zip, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
			['a.xls', 'x', 'application/vnd.ms-excel'],
			['a.xlsx', zip, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
			['a.wps', 'x', 'application/wps-office.wps'],
			['a.et', 'x', 'application/wps-office.et'],
			['说明.txt', '办事指南', 'text/plain'],
			['照片.jpg', '\xff\xd8\xff', 'image/jpeg'],
			['照片.jpeg', '\xff\xd8\xff', 'image/jpeg'],
			['材料.zip', zip, 'application/zip'],
		];
		for (const [name, head, type] of cases) {
			const r = await uploadRaw(clerk, name, 'application/octet-stream',
			    sample(Buffer.from(head, 'latin1')));
			assert.equal(r.status, 201, `${name}: ${r.text}`);
			assert.equal(r.json.content_type, type, name);
		}
	});

	it('the same bytes uploaded twice: two files, one SM3, both downloadable', async () => {
		const data = sample('%PDF-1.4\n');
		const a = await uploadRaw(clerk, '一.pdf', 'application/pdf', data);
		const b = await uploadRaw(clerk, '二.pdf', 'application/pdf', data);
		assert.equal(a.status, 201);
		assert.equal(b.status, 201);
		assert.notEqual(a.json.id, b.json.id);
		assert.equal(a.json.sm3, b.json.sm3);
		for (const id of [a.json.id, b.json.id]) {
			const d = await api(srv.base, 'GET', `/api/v1/blobs/${id}/content`, { token: clerk.token });
			assert.ok(d.buf.equals(data));
		}
	});

	it('names with path separators, dot names, control characters or over 200 characters → 422 invalid_filename, nothing stored', async () => {
		const before = await fileCount();
		const pdf = sample('%PDF-1.7\n');
		let r = await uploadMultipart(clerk, [{ name: 'file', filename: '../../etc/passwd.pdf', data: pdf }]);
		assert.equal(r.status, 422, r.text);
		assert.equal(errorOf(r).code, 'invalid_filename');
		r = await uploadMultipart(clerk, [{ name: 'file', filename: 'dir/a.pdf', data: pdf }]);
		assert.equal(r.status, 422);
		for (const name of ['..\\..\\win.ini.pdf', 'a/b.pdf', '/abs.pdf', '.', '..',
		    'a\nb.pdf', 'a\tb.pdf', 'a\u007fb.pdf', 'a\u0085b.pdf', 'invoice\u202efdp.pdf',
		    '文'.repeat(197) + '.pdf']) {
			r = await uploadRaw(clerk, name, 'application/pdf', pdf);
			assert.equal(r.status, 422, JSON.stringify(name) + ' ' + r.text);
			const e = errorOf(r);
			assert.equal(e.code, 'invalid_filename', JSON.stringify(name));
			assert.match(e.message, /[\u4e00-\u9fff]/);
		}
		/* exactly 200 characters is fine */
		r = await uploadRaw(clerk, '文'.repeat(196) + '.pdf', 'application/pdf', pdf);
		assert.equal(r.status, 201, r.text);
		assert.equal(await fileCount(), before + 1);
	});

	it('a missing name or malformed percent-encoding → 400, bytes that are not UTF-8 → 422; no file part → 400 file_required; two file parts → 400', async () => {
		const pdf = sample('%PDF-1.7\n');
		let r = await uploadRaw(clerk, null, 'application/pdf', pdf);
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'filename_required');
		const xname = (x) => api(srv.base, 'POST', '/api/v1/blobs', { token: clerk.token,
		    headers: { 'Content-Type': 'application/pdf', 'X-Filename': x }, body: pdf });
		r = await xname('%zz.pdf');
		assert.equal(r.status, 400, 'malformed percent-encoding');
		assert.equal(errorOf(r).code, 'invalid_filename');
		for (const x of ['%E4%B8.pdf', '%C0%AF.pdf', 'a%00.pdf']) {
			r = await xname(x);
			assert.equal(r.status, 422, `${x}: not UTF-8 or a NUL`);
			assert.equal(errorOf(r).code, 'invalid_filename');
		}
		r = await uploadMultipart(clerk, [{ name: 'other', data: 'x' }]);
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'file_required');
		r = await uploadMultipart(clerk, [{ name: 'file', filename: '', type: 'application/octet-stream', data: '' }]);
		assert.equal(r.status, 400, 'a form submitted without choosing a file');
		assert.equal(errorOf(r).code, 'file_required');
		r = await uploadMultipart(clerk, [
			{ name: 'file', filename: 'a.pdf', data: pdf },
			{ name: 'file', filename: 'b.pdf', data: pdf },
		]);
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'too_many_files');
		r = await api(srv.base, 'POST', '/api/v1/blobs', { token: clerk.token, json: { file: 'x' } });
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'upload_format');
	});

	it('types outside the allow-list → 422 file_type with the allowed types in Chinese', async () => {
		for (const name of ['setup.exe', 'index.html', 'image.svg', 'noextension', 'trailing.', 'a.pdf.exe']) {
			const r = await uploadRaw(clerk, name, 'application/octet-stream', sample('%PDF-'));
			assert.equal(r.status, 422, name);
			const e = errorOf(r);
			assert.equal(e.code, 'file_type', name);
			assert.match(e.message, /仅允许/);
			for (const ext of ['pdf', 'ofd', 'docx', 'xlsx', 'wps', 'et', 'png', 'zip'])
				assert.ok(e.message.includes(ext), ext);
		}
	});

	it('content that does not match the extension → 422 content_mismatch', async () => {
		const cases = [
			['fake.pdf', sample(PNG_SIG)],
			['fake.png', sample('%PDF-1.7')],
			['fake.jpg', sample('GIF89a')],
			['fake.docx', sample('<html>')],
			['fake.xlsx', sample('PK\x05\x06')],
			['fake.ofd', sample('%PDF-')],
			['fake.zip', sample('Rar!')],
			['short.pdf', Buffer.from('%PD')],
		];
		for (const [name, data] of cases) {
			const r = await uploadRaw(clerk, name, 'application/octet-stream', data);
			assert.equal(r.status, 422, name);
			const e = errorOf(r);
			assert.equal(e.code, 'content_mismatch', name);
			assert.match(e.message, /不符/);
		}
	});

	it('an empty file → 422 empty_file', async () => {
		const r = await uploadRaw(clerk, 'empty.txt', 'text/plain', Buffer.alloc(0));
		assert.equal(r.status, 422);
		assert.equal(errorOf(r).code, 'empty_file');
	});

	it('exactly 32 MiB is accepted; 33 MiB → 413 (declared or streamed)', async () => {
		const big = Buffer.alloc(32 * MiB, 0x20);
		big.write('%PDF-1.7\n');
		randomBytes(32).copy(big, 100);
		let r = await uploadRaw(clerk, '大文件.pdf', 'application/pdf', big);
		assert.equal(r.status, 201, r.text);
		assert.equal(r.json.size, 32 * MiB);
		assert.equal(r.json.sm3, sm3(big));

		const before = await fileCount();
		r = await rawRequest(srv.base, 'POST', '/api/v1/blobs', {
			Authorization: 'Bearer ' + clerk.token, 'Content-Type': 'application/pdf',
			'X-Filename': 'big.pdf', 'Content-Length': String(33 * MiB),
			Expect: '100-continue' });
		assert.equal(r.status, 413);
		assert.equal(r.json.error.code, 'too_large');
		r = await chunkedUpload(srv.base, clerk.token, 33 * MiB);
		assert.equal(r.status, 413);
		assert.equal(JSON.parse(r.text).error.code, 'too_large');
		assert.equal(await fileCount(), before);
	});

	it('unknown or malformed id → 404', async () => {
		for (const p of ['/api/v1/blobs/999999', '/api/v1/blobs/999999/content',
		    '/api/v1/blobs/abc', '/api/v1/blobs/0/content']) {
			const r = await api(srv.base, 'GET', p, { token: clerk.token });
			assert.equal(r.status, 404, p);
			assert.equal(errorOf(r).code, 'not_found');
		}
	});

	it('data scope: a clerk of another organization gets 404; the leader of the uploader\'s organization and a supervisor (scope all) read it', async () => {
		const data = sample('%PDF-1.7\n');
		const up = await uploadRaw(clerk, '内部材料.pdf', 'application/pdf', data);
		assert.equal(up.status, 201);
		const id = up.json.id;
		for (const p of [`/api/v1/blobs/${id}`, `/api/v1/blobs/${id}/content`]) {
			const r = await api(srv.base, 'GET', p, { token: other.token });
			assert.equal(r.status, 404, p);
			assert.equal(errorOf(r).code, 'not_found');
			assert.ok(!r.buf.includes(data.subarray(0, 64)), 'no bytes leak');
		}
		for (const s of [leader, supervisor]) {
			const d = await api(srv.base, 'GET', `/api/v1/blobs/${id}/content`, { token: s.token });
			assert.equal(d.status, 200, s.user.login);
			assert.ok(d.buf.equals(data));
		}
		/* and the other clerk reads their own upload */
		const own = await uploadRaw(other, '窗口材料.txt', 'text/plain', Buffer.from('申请表'));
		assert.equal(own.status, 201);
		const r = await api(srv.base, 'GET', `/api/v1/blobs/${own.json.id}`, { token: other.token });
		assert.equal(r.status, 200);
		assert.equal((await api(srv.base, 'GET', `/api/v1/blobs/${own.json.id}`, { token: clerk.token })).status, 404);
	});

	it('a stored blob altered on disk → GET content 500 integrity (SM3 mismatch); metadata still answers', async () => {
		const data = sample('%PDF-1.7\n');
		const up = await uploadRaw(clerk, '将被篡改.pdf', 'application/pdf', data);
		assert.equal(up.status, 201);
		const h = up.json.sm3;
		const file = path.join(srv.dataDir, 'blobs', h.slice(0, 2), h.slice(2));
		const bytes = await fs.readFile(file);
		assert.ok(bytes.equals(data), 'the blob holds the bytes');
		bytes[20] ^= 0x01;
		await fs.writeFile(file, bytes);
		const d = await api(srv.base, 'GET', `/api/v1/blobs/${up.json.id}/content`, { token: clerk.token });
		assert.equal(d.status, 500);
		const e = errorOf(d);
		assert.equal(e.code, 'integrity');
		assert.match(e.message, /完整性/);
		assert.ok(!d.buf.includes(bytes.subarray(0, 64)), 'altered bytes are not served');
		const m = await api(srv.base, 'GET', `/api/v1/blobs/${up.json.id}`, { token: clerk.token });
		assert.equal(m.status, 200);
		/* a missing blob is a server error too, never an empty download */
		await fs.unlink(file);
		const gone = await api(srv.base, 'GET', `/api/v1/blobs/${up.json.id}/content`, { token: clerk.token });
		assert.equal(gone.status, 500);
		errorOf(gone);
	});

	it('cookie uploads need X-CSRF-Token (403 csrf_failed without); anonymous → 401', async () => {
		const data = sample('%PDF-1.7\n');
		const headers = { 'Content-Type': 'application/pdf', 'X-Filename': 'csrf.pdf' };
		const before = await fileCount();
		let r = await api(srv.base, 'POST', '/api/v1/blobs', { cookie: clerk.cookie, headers, body: data });
		assert.equal(r.status, 403);
		assert.equal(errorOf(r).code, 'csrf_failed');
		r = await api(srv.base, 'POST', '/api/v1/blobs', { cookie: clerk.cookie,
		    csrf: clerk.csrf.slice(0, -1) + 'x', headers, body: data });
		assert.equal(r.status, 403);
		assert.equal(await fileCount(), before);
		r = await api(srv.base, 'POST', '/api/v1/blobs', { cookie: clerk.cookie, csrf: clerk.csrf, headers, body: data });
		assert.equal(r.status, 201, r.text);
		/* a browser form: the token as a multipart field */
		const m = multipart([{ name: 'csrf_token', data: clerk.csrf },
		    { name: 'file', filename: 'form.pdf', type: 'application/pdf', data }]);
		r = await api(srv.base, 'POST', '/api/v1/blobs', { cookie: clerk.cookie,
		    headers: { 'Content-Type': m.type }, body: m.body });
		assert.equal(r.status, 201, r.text);
		r = await api(srv.base, 'POST', '/api/v1/blobs', { headers, body: data });
		assert.equal(r.status, 401);
		errorOf(r);
		r = await api(srv.base, 'GET', `/api/v1/blobs/1`, {});
		assert.equal(r.status, 401);
	});

	it('audit: every upload is a file.upload event with filename, size and sm3', async () => {
		const data = sample('%PDF-1.7\n');
		const name = '审计用.pdf';
		const up = await uploadRaw(clerk, name, 'application/pdf', data);
		assert.equal(up.status, 201);
		const r = await api(srv.base, 'GET', '/api/v1/audit?action=file.upload&limit=500', { token: auditor.token });
		assert.equal(r.status, 200);
		const ev = r.json.items.find((e) => e.object_id === String(up.json.id));
		assert.ok(ev, 'event present');
		assert.equal(ev.action, 'file.upload');
		assert.equal(ev.object_type, 'file');
		assert.equal(ev.actor_login, 'li.na');
		assert.equal(ev.org_id, clerk.user.org_id);
		assert.equal(ev.result, 'success');
		assert.equal(ev.details.filename, name);
		assert.equal(ev.details.size, data.length);
		assert.equal(ev.details.sm3, sm3(data));
		/* refused uploads leave no file.upload event */
		const n = r.json.items.length;
		await uploadRaw(clerk, 'x.exe', 'application/octet-stream', data);
		const again = await api(srv.base, 'GET', '/api/v1/audit?action=file.upload&limit=500', { token: auditor.token });
		assert.equal(again.json.items.length, n);
		const v = await srv.cli(['audit', 'verify']);
		assert.equal(v.code, 0, v.stderr + v.stdout);
	});
});
