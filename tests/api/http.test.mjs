// http.test.mjs -- transport-level behaviour: health, metrics, security
// headers, request ids, hostile input (DESIGN.md principle 4), static
// files and the login pages.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';

import { startServer, api, rawRequest, sessionCookie, errorOf, PASSWORD } from './lib/server.mjs';

const NOW = '2026-03-02T09:00:00+08:00';

describe('HTTP basics', () => {
	let srv;
	before(async () => { srv = await startServer({ now: NOW }); });
	after(async () => { await srv?.close(); });

	it('GET /healthz answers {"status":"ok"} as JSON', async () => {
		const r = await api(srv.base, 'GET', '/healthz');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^application\/json/);
		assert.deepEqual(r.json, { status: 'ok' });
	});

	it('GET /metrics is Prometheus text with request counter, latency histogram, DB pool and job gauges', async () => {
		for (let i = 0; i < 3; i++)
			assert.equal((await api(srv.base, 'GET', '/healthz')).status, 200);
		let r, count = 0;
		/* A request is counted when it completes; allow a moment. */
		for (let i = 0; i < 20 && count < 3; i++) {
			r = await api(srv.base, 'GET', '/metrics');
			const m = /^zhengwu_http_requests_total\{route="\/healthz",method="GET",status="200"\} (\d+)$/m.exec(r.text);
			count = m ? Number(m[1]) : 0;
			if (count < 3)
				await new Promise((res) => setTimeout(res, 50));
		}
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
		assert.ok(count >= 3, `healthz counted ${count} times:\n${r.text}`);
		assert.match(r.text, /^# TYPE zhengwu_http_requests_total counter$/m);
		assert.match(r.text, /^# TYPE zhengwu_http_request_duration_seconds histogram$/m);
		/* Buckets are cumulative; +Inf equals _count. */
		const buckets = [...r.text.matchAll(/^zhengwu_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)];
		assert.ok(buckets.length >= 2, 'histogram buckets present');
		for (let i = 1; i < buckets.length; i++)
			assert.ok(Number(buckets[i][2]) >= Number(buckets[i - 1][2]), 'buckets are cumulative');
		assert.equal(buckets.at(-1)[1], '+Inf');
		const total = /^zhengwu_http_request_duration_seconds_count (\d+)$/m.exec(r.text);
		assert.ok(total, '_count present');
		assert.equal(buckets.at(-1)[2], total[1]);
		assert.match(r.text, /^zhengwu_http_request_duration_seconds_sum [0-9.]+$/m);
		assert.match(r.text, /^# TYPE zhengwu_db_pool_in_use gauge$/m);
		assert.match(r.text, /^zhengwu_db_pool_in_use \d+$/m);
		const size = /^zhengwu_db_pool_size (\d+)$/m.exec(r.text);
		assert.ok(size && Number(size[1]) >= 1, 'pool size >= 1');
		assert.match(r.text, /^zhengwu_jobs_queued \d+$/m);
		assert.match(r.text, /^zhengwu_jobs_failed \d+$/m);
	});

	const CSP_RE = /default-src 'self'/;
	async function assertSecurityHeaders(r, what) {
		const h = r.headers;
		const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n.toLowerCase()]);
		const csp = get('content-security-policy');
		assert.ok(csp && CSP_RE.test(csp), `${what}: CSP default-src 'self' (got ${csp})`);
		assert.equal(get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
		assert.ok(get('x-frame-options') === 'DENY' || /frame-ancestors 'none'/.test(csp),
		    `${what}: framing forbidden`);
		assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
		assert.ok(get('referrer-policy'), `${what}: Referrer-Policy`);
		assert.match(get('x-request-id') || '', /^[0-9a-f]{16}$/, `${what}: X-Request-Id`);
	}

	it('security headers (CSP, nosniff, frame-ancestors/X-Frame-Options, Referrer-Policy) and X-Request-Id are on every kind of response', async () => {
		const cases = [
			['GET', '/healthz', 200],
			['GET', '/metrics', 200],
			['GET', '/api/v1/nope', 404],
			['GET', '/api/v1/me', 401],
			['DELETE', '/api/v1/orgs', 405],
			['GET', '/office/login', 200],
			['GET', '/office/', 303],
			['GET', '/static/app.css', 200],
			['GET', '/static/nope.css', 404],
			['GET', '/', 200],
		];
		for (const [m, p, status] of cases) {
			const r = await api(srv.base, m, p);
			assert.equal(r.status, status, `${m} ${p}`);
			await assertSecurityHeaders(r, `${m} ${p}`);
		}
		/* Responses decided before the body is read carry them too (a
		 * client that asks "Expect: 100-continue" is answered at once). */
		const big = await rawRequest(srv.base, 'POST', '/api/v1/session',
		    { 'Content-Type': 'application/json', 'Content-Length': String((1 << 20) + 1),
		      Expect: '100-continue' });
		assert.equal(big.status, 413);
		await assertSecurityHeaders(big, 'early 413');
	});

	it('X-Request-Id differs between requests', async () => {
		const a = await api(srv.base, 'GET', '/healthz');
		const b = await api(srv.base, 'GET', '/healthz');
		assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
	});

	it('JSON responses of the API are not cached (Cache-Control: no-store)', async () => {
		const r = await api(srv.base, 'GET', '/healthz');
		assert.equal(r.headers.get('cache-control'), 'no-store');
	});

	it('unknown path under /api → 404 JSON error; wrong method → 405 JSON error', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/no-such-thing');
		assert.equal(r.status, 404);
		assert.equal(errorOf(r).code, 'not_found');
		r = await api(srv.base, 'PUT', '/api/v1/session');
		assert.equal(r.status, 405);
		assert.equal(errorOf(r).code, 'method_not_allowed');
		r = await api(srv.base, 'DELETE', '/healthz');
		assert.equal(r.status, 405);
	});

	it('unknown page outside /api → 404 HTML page in Chinese', async () => {
		const r = await api(srv.base, 'GET', '/office/no-such-page');
		assert.equal(r.status, 404);
		assert.match(r.headers.get('content-type'), /^text\/html/);
		assert.match(r.text, /lang="zh-CN"/);
	});

	it('too many request headers (> 64, limits.h ZW_MAX_HEADERS) → 431', async () => {
		const headers = {};
		for (let i = 0; i < 70; i++)
			headers[`X-Filler-${i}`] = 'x';
		const r = await rawRequest(srv.base, 'GET', '/healthz', headers);
		assert.equal(r.status, 431);
		/* 64 headers or fewer are fine. */
		const ok = {};
		for (let i = 0; i < 50; i++)
			ok[`X-Filler-${i}`] = 'x';
		assert.equal((await rawRequest(srv.base, 'GET', '/healthz', ok)).status, 200);
	});

	it('headers over 16 KiB in total (ZW_MAX_HEADER_BYTES) → 431, even when fewer than 64', async () => {
		const big = {};
		for (let i = 0; i < 8; i++)
			big[`X-Big-${i}`] = 'a'.repeat(3000);
		const r = await rawRequest(srv.base, 'GET', '/api/v1/validate/region/130102', big);
		assert.equal(r.status, 431);
		assert.equal(r.json?.error?.code, 'too_many_headers');
		const ok = {};
		for (let i = 0; i < 4; i++)
			ok[`X-Big-${i}`] = 'a'.repeat(3000);
		assert.equal((await rawRequest(srv.base, 'GET', '/healthz', ok)).status, 200);
	});

	it('URI longer than 4096 bytes (ZW_MAX_URI) → 414: a long path', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/' + 'a'.repeat(4200));
		assert.equal(r.status, 414);
		assert.equal(errorOf(r).code, 'uri_too_long');
	});

	it('URI longer than 4096 bytes (ZW_MAX_URI) → 414: a long query string counts too', async () => {
		const r = await api(srv.base, 'GET', '/api/v1/calendar?year=2026&q=' + 'a'.repeat(4200));
		assert.equal(r.status, 414);
		assert.equal(errorOf(r).code, 'uri_too_long');
		/* just under the cap is served */
		const ok = await api(srv.base, 'GET', '/api/v1/calendar?year=2026&q=' + 'a'.repeat(3000));
		assert.equal(ok.status, 200);
	});

	it('path traversal under /static never serves files of the data directory', async () => {
		const db = srv.dbUrl ? null : await fs.readFile(path.join(srv.dataDir, 'zhengwu.db'));
		const key = await fs.readFile(path.join(srv.dataDir, 'master.key'));
		const paths = [
			'/static/../zhengwu.db',
			'/static/%2e%2e/master.key',
			'/static/%2E%2E/%2E%2E/data/master.key',
			'/static/..%2fzhengwu.conf',
			'/static/../../etc/passwd',
			'/static/./../master.key',
		];
		for (const p of paths) {
			const r = await rawRequest(srv.base, 'GET', p);
			assert.equal(r.status, 404, `${p} → ${r.status}`);
			assert.ok(!r.text.includes('SQLite format'), `${p}: no database bytes`);
			assert.ok(!r.text.includes('root:'), `${p}: no /etc/passwd`);
			assert.ok(!r.text.includes('db_pool'), `${p}: no zhengwu.conf`);
			const keyText = key.toString('utf8').trim();
			if (keyText.length >= 16)
				assert.ok(!r.text.includes(keyText), `${p}: no master key`);
		}
		if (db)
			assert.ok(db.subarray(0, 15).toString() === 'SQLite format 3', 'the database file is where the test expects it');
	});

	it('invalid UTF-8 in the query string → 400 bad_query', async () => {
		let r = await api(srv.base, 'GET', '/api/v1/calendar?year=%ff%fe');
		assert.equal(r.status, 400);
		assert.equal(errorOf(r).code, 'bad_query');
		r = await api(srv.base, 'GET', '/api/v1/validate/region/130102?x=%c3%28');
		assert.equal(r.status, 400);
		/* the same endpoint with valid UTF-8 works */
		r = await api(srv.base, 'GET', '/api/v1/validate/region/130102?x=%e4%b8%ad');
		assert.equal(r.status, 200);
	});

	it('invalid UTF-8 in the path → 400', async () => {
		const r = await rawRequest(srv.base, 'GET', '/api/v1/validate/region/%ff%ff');
		assert.equal(r.status, 400);
	});

	it('a Content-Length that is not a number → 400', async () => {
		/* libmicrohttpd answers this one itself; read the raw bytes. */
		const net = await import('node:net');
		const text = await new Promise((resolve, reject) => {
			const s = net.connect(srv.port, '127.0.0.1', () => s.end(
			    'POST /api/v1/session HTTP/1.1\r\nHost: t\r\n' +
			    'Content-Type: application/json\r\nContent-Length: 12abc\r\n\r\n{}'));
			let b = '';
			s.setEncoding('latin1');
			s.on('data', (d) => { b += d; });
			s.on('end', () => resolve(b));
			s.on('error', reject);
		});
		assert.match(text, /^HTTP\/1\.1 400 /);
	});
});

describe('static files', () => {
	let srv;
	before(async () => { srv = await startServer({ now: NOW }); });
	after(async () => { await srv?.close(); });

	it('/static/app.css has Content-Type, ETag and Last-Modified; without ?v= it may be cached 300 s', async () => {
		const r = await api(srv.base, 'GET', '/static/app.css');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/css/);
		assert.match(r.headers.get('etag') || '', /^"[0-9a-f]+"$/);
		const lm = r.headers.get('last-modified');
		assert.ok(lm && !Number.isNaN(Date.parse(lm)), `Last-Modified ${lm}`);
		assert.match(r.headers.get('cache-control'), /max-age=300\b/);
		const disk = await fs.readFile(new URL('../../static/app.css', import.meta.url));
		assert.ok(r.buf.equals(disk), 'body is the file');
	});

	it('If-None-Match with the ETag → 304 and no body', async () => {
		const r = await api(srv.base, 'GET', '/static/app.css');
		const etag = r.headers.get('etag');
		const c = await api(srv.base, 'GET', '/static/app.css', { headers: { 'If-None-Match': etag } });
		assert.equal(c.status, 304);
		assert.equal(c.text, '');
		const d = await api(srv.base, 'GET', '/static/app.css', { headers: { 'If-None-Match': '"0000"' } });
		assert.equal(d.status, 200);
	});

	it('a wrong fingerprint ?v= is not cached as immutable (max-age=300)', async () => {
		const r = await api(srv.base, 'GET', '/static/app.css?v=0123456789abcdef');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('cache-control'), /max-age=300\b/);
		assert.doesNotMatch(r.headers.get('cache-control'), /immutable/);
	});

	it('unknown static file → 404', async () => {
		const r = await api(srv.base, 'GET', '/static/missing.js');
		assert.equal(r.status, 404);
	});
});

describe('back-office login pages', () => {
	let srv;
	before(async () => { srv = await startServer({ now: NOW }); });
	after(async () => { await srv?.close(); });

	const form = (o) => new URLSearchParams(o).toString();
	const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

	it('GET /office/login → 200 HTML, lang="zh-CN", a form with login and password fields', async () => {
		const r = await api(srv.base, 'GET', '/office/login');
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
		assert.match(r.text, /<html lang="zh-CN">/);
		assert.match(r.text, /<form[^>]*method="post"[^>]*action="\/office\/login"/);
		assert.match(r.text, /name="login"/);
		assert.match(r.text, /name="password"[^>]*type="password"|type="password"[^>]*name="password"/);
	});

	it('a page that needs a login redirects to /office/login', async () => {
		const r = await api(srv.base, 'GET', '/office/orgs');
		assert.equal(r.status, 303);
		assert.match(r.headers.get('location'), /^\/office\/login/);
	});

	it('POST /office/login with a wrong password → 401, the form again with a Chinese message, no session', async () => {
		const r = await api(srv.base, 'POST', '/office/login', {
			headers: FORM, body: form({ login: 'admin', password: 'Wrong#Pass1' }),
		});
		assert.equal(r.status, 401);
		assert.match(r.headers.get('content-type'), /^text\/html/);
		assert.match(r.text, /用户名或密码错误/);
		assert.match(r.text, /<form[^>]*action="\/office\/login"/);
		assert.match(r.text, /value="admin"/, 'the login name is kept');
		assert.ok(!r.text.includes('Wrong#Pass1'), 'the password is never echoed');
		assert.equal(sessionCookie(r), null);
	});

	it('POST /office/login with empty fields → the form again (422)', async () => {
		const r = await api(srv.base, 'POST', '/office/login', {
			headers: FORM, body: form({ login: '', password: '' }),
		});
		assert.equal(r.status, 422);
		assert.match(r.text, /请输入用户名和密码/);
	});

	it('POST /office/login with the right password → 303 to /office/password when a change is required; other pages redirect there', async () => {
		const r = await api(srv.base, 'POST', '/office/login', {
			headers: FORM, body: form({ login: 'admin', password: PASSWORD }),
		});
		assert.equal(r.status, 303);
		assert.match(r.headers.get('location'), /^\/office\/password(\?|$)/);
		const sc = r.headers.get('set-cookie');
		assert.match(sc, /zw_session=[^;]+;/);
		assert.match(sc, /HttpOnly/);
		assert.match(sc, /SameSite=Lax/);
		const cookie = sessionCookie(r);
		const p = await api(srv.base, 'GET', '/office/orgs', { cookie });
		assert.equal(p.status, 303);
		assert.match(p.headers.get('location'), /^\/office\/password(\?|$)/);
		const pw = await api(srv.base, 'GET', '/office/password', { cookie });
		assert.equal(pw.status, 200);
		assert.match(pw.text, /name="csrf_token"/);
	});

	it('an open redirect through ?next= is refused (only /office/ paths)', async () => {
		const r = await api(srv.base, 'GET', '/office/login?next=https://evil.example/');
		assert.equal(r.status, 200);
		assert.ok(!r.text.includes('evil.example'), 'next is not echoed');
	});
});
