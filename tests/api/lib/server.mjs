// server.mjs -- test harness for the API tests: start a fresh zhengwu
// server (own data directory, own PostgreSQL database when
// ZHENGWU_TEST_DB=pg) on a free port, and small HTTP helpers.
//
//   const srv = await startServer({ now: '2026-03-02T09:00:00+08:00' });
//   const s = await ready(srv.base, 'admin');        // usable session
//   const r = await api(srv.base, 'GET', '/api/v1/orgs', { token: s.token });
//   await srv.close();
//
// Environment: ZHENGWU_BIN (server binary), ZHENGWU_TEST_DB (sqlite|pg),
// ZHENGWU_TEST_PG_URL (pg only: a superuser URL of a throwaway server).
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../../..');
export const BIN = process.env.ZHENGWU_BIN || path.join(ROOT, 'bin/zhengwu');
export const DB_KIND = process.env.ZHENGWU_TEST_DB || 'sqlite';
export const PG_URL = process.env.ZHENGWU_TEST_PG_URL || '';

/* Initial password of every account made by `init --demo`. */
export const PASSWORD = 'Zw#Pass2026';
/* What ready() changes it to. */
export const NEW_PASSWORD = 'Zw#Changed-2026';
/* The settings allow at most 10000 logins per minute and client. */
const LOGIN_RATE = '10000';
/* Registrations likewise: the clock is fixed, so the minute never ends
 * (a test of the limit itself sets ZHENGWU_REGISTER_RATE_PER_MINUTE). */
const REGISTER_RATE = '10000';

const running = new Set();	/* child processes still alive */
process.on('exit', () => {
	for (const p of running) {
		try { p.kill('SIGKILL'); } catch { /* already gone */ }
	}
});

/* The environment for a child: ours without any ZHENGWU_* setting. */
function childEnv(extra) {
	const env = {};
	for (const [k, v] of Object.entries(process.env))
		if (!k.startsWith('ZHENGWU_'))
			env[k] = v;
	return Object.assign(env, extra);
}

/* Run a program; resolves {code, stdout, stderr} (never rejects on a
 * non-zero exit). */
export function run(file, args, { env, input, timeout = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const p = execFile(file, args, { env: env || process.env, timeout,
		    maxBuffer: 16 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
			if (err && typeof err.code !== 'number' && err.code !== null &&
			    err.code !== undefined) {
				reject(new Error(`${file} ${args.join(' ')}: ${err.message}`));
				return;
			}
			resolve({ code: err ? err.code ?? -1 : 0, stdout, stderr });
		});
		if (input !== undefined)
			p.stdin.end(input);
		else
			p.stdin.end();
	});
}

async function psql(url, sql) {
	const r = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url, '-c', sql]);
	if (r.code !== 0)
		throw new Error(`psql ${sql}: ${r.stderr}`);
	return r;
}

/* A database URL for another database on the same server. */
function pgUrlFor(db) {
	const u = new URL(PG_URL);
	u.pathname = '/' + db;
	return u.toString();
}

/*
 * Start a server.  now: RFC 3339 time fixing the clock (ZHENGWU_NOW)
 * of init and serve; env: extra environment for serve.
 */
export async function startServer({ now, env } = {}) {
	const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zw-api-'));
	const dataDir = path.join(root, 'data');
	let dbUrl = null, dbName = null;

	if (DB_KIND === 'pg') {
		if (!PG_URL)
			throw new Error('ZHENGWU_TEST_DB=pg needs ZHENGWU_TEST_PG_URL (scripts/with-pg.sh)');
		dbName = 't_' + randomBytes(6).toString('hex');
		await psql(PG_URL, `CREATE DATABASE ${dbName}`);
		dbUrl = pgUrlFor(dbName);
	}
	const dbArgs = dbUrl ? ['--db', dbUrl] : [];
	const init = await run(BIN, ['init', '--data', dataDir, '--demo', ...dbArgs], {
		env: childEnv({ ZHENGWU_ADMIN_PASSWORD: PASSWORD,
		    ...(now ? { ZHENGWU_NOW: now } : {}) }),
	});
	if (init.code !== 0)
		throw new Error(`zhengwu init failed (${init.code}):\n${init.stderr}${init.stdout}`);

	const srv = {
		dataDir, dbUrl, root, base: null, port: null, proc: null, log: [],
		now,
	};

	srv.spawn = async function ({ now: n, env: e } = {}) {
		const cenv = childEnv({ ZHENGWU_LOGIN_RATE_PER_MINUTE: LOGIN_RATE,
		    ZHENGWU_REGISTER_RATE_PER_MINUTE: REGISTER_RATE,
		    ...(n ? { ZHENGWU_NOW: n } : {}), ...(e || {}) });
		const p = spawn(BIN, ['serve', '--data', dataDir, '--listen',
		    '127.0.0.1:0', ...dbArgs], { env: cenv, stdio: ['ignore', 'ignore', 'pipe'] });
		running.add(p);
		srv.proc = p;
		srv.exited = new Promise((resolve) => p.on('exit', (code, sig) => {
			running.delete(p);
			resolve({ code, sig });
		}));
		srv.port = await new Promise((resolve, reject) => {
			let buf = '', done = false;
			const timer = setTimeout(() => {
				if (!done) {
					done = true;
					reject(new Error('server did not start in 20 s:\n' + srv.log.join('\n')));
				}
			}, 20000);
			p.stderr.setEncoding('utf8');
			p.stderr.on('data', (chunk) => {
				buf += chunk;
				let i;
				while ((i = buf.indexOf('\n')) >= 0) {
					const line = buf.slice(0, i);
					buf = buf.slice(i + 1);
					srv.log.push(line);
					if (srv.log.length > 400)
						srv.log.splice(0, 100);
					const m = /serving on .*\(port (\d+)/.exec(line);
					if (m && !done) {
						done = true;
						clearTimeout(timer);
						resolve(Number(m[1]));
					}
				}
			});
			p.on('exit', (code) => {
				if (!done) {
					done = true;
					clearTimeout(timer);
					reject(new Error(`server exited (${code}) before serving:\n` +
					    srv.log.join('\n') + buf));
				}
			});
		});
		srv.base = `http://127.0.0.1:${srv.port}`;
		return srv;
	};

	/* SIGTERM and wait for the exit; the data stays. */
	srv.stop = async function () {
		const p = srv.proc;
		if (p === null)
			return;
		srv.proc = null;
		if (p.exitCode === null && p.signalCode === null) {
			p.kill('SIGTERM');
			const t = setTimeout(() => p.kill('SIGKILL'), 15000);
			await srv.exited;
			clearTimeout(t);
		}
	};

	/* Stop and start again on the same data (new port). */
	srv.restart = async function (opts = {}) {
		await srv.stop();
		return srv.spawn(opts);
	};

	/* Run `zhengwu ARGS --data DIR [--db URL]`. */
	srv.cli = function (args, { env: e, input } = {}) {
		return run(BIN, [...args, '--data', dataDir, ...dbArgs], {
			env: childEnv({ ...(srv.now ? { ZHENGWU_NOW: srv.now } : {}), ...(e || {}) }),
			input,
		});
	};

	/* Stop, then remove the data directory and database. */
	srv.close = async function () {
		await srv.stop();
		await fs.rm(root, { recursive: true, force: true });
		if (dbName)
			await psql(PG_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
			    .catch(() => {});
	};

	/* SQL on the server's database through the stock client (sqlite3 or
	 * psql).  Resolves {code, stdout, stderr}. */
	srv.sql = function (sql) {
		if (dbUrl)
			return run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', dbUrl, '-c', sql]);
		return run('sqlite3', ['-bail', path.join(dataDir, 'zhengwu.db'), sql]);
	};

	try {
		await srv.spawn({ now, env });
	} catch (err) {
		await srv.close().catch(() => {});
		throw err;
	}
	return srv;
}

/*
 * One HTTP request.  opts: token (Bearer), cookie + csrf, json (object
 * sent as JSON), body (string or Buffer, sent as is), headers.
 * Resolves {status, headers, text, json} (json null when not JSON).
 */
export async function api(base, method, p, opts = {}) {
	const headers = { ...(opts.headers || {}) };
	let body;

	if (opts.token)
		headers.Authorization = 'Bearer ' + opts.token;
	if (opts.cookie)
		headers.Cookie = opts.cookie;
	if (opts.csrf)
		headers['X-CSRF-Token'] = opts.csrf;
	if (opts.json !== undefined) {
		body = JSON.stringify(opts.json);
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
			headers['Content-Type'] = 'application/json';
	} else if (opts.body !== undefined) {
		body = opts.body;
	}
	const res = await fetch(base + p, { method, headers, body, redirect: 'manual' });
	const buf = Buffer.from(await res.arrayBuffer());
	const text = buf.toString('utf8');
	let json = null;
	if ((res.headers.get('content-type') || '').includes('application/json')) {
		try { json = JSON.parse(text); } catch { json = null; }
	}
	return { status: res.status, headers: res.headers, text, json, buf };
}

/*
 * A request written by hand over node:http, for what fetch would
 * normalize (dot segments, raw bytes in the path).  Resolves
 * {status, headers, text}.
 */
export function rawRequest(base, method, rawPath, headers = {}, body) {
	const u = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: u.hostname, port: u.port, method,
		    path: rawPath, headers, insecureHTTPParser: true }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json = null;
				try { json = JSON.parse(text); } catch { /* not JSON */ }
				resolve({ status: res.statusCode, headers: res.headers, text, json });
			});
		});
		req.on('error', reject);
		if (body !== undefined)
			req.write(body);
		req.end();
	});
}

/* The session cookie ("zw_session=...") from a Set-Cookie header. */
export function sessionCookie(res) {
	const sc = res.headers.get('set-cookie') || '';
	const m = /(zw_session=[^;]*)/.exec(sc);
	return m ? m[1] : null;
}

/* Log in; fails the test unless 200.  → {token, csrf, cookie, user,
 * must_change_password}. */
export async function login(base, loginName, password = PASSWORD) {
	const r = await api(base, 'POST', '/api/v1/session', {
		json: { login: loginName, password },
	});
	if (r.status !== 200)
		throw new Error(`login ${loginName}: ${r.status} ${r.text}`);
	return {
		token: r.json.token,
		csrf: r.json.csrf_token,
		cookie: sessionCookie(r),
		user: r.json.user,
		must_change_password: r.json.must_change_password,
	};
}

/* Log in with the initial password and change it, so that the account
 * is usable.  → {token, csrf, cookie, user, password}. */
export async function ready(base, loginName, newPassword = NEW_PASSWORD) {
	const s = await login(base, loginName, PASSWORD);
	const r = await api(base, 'POST', '/api/v1/me/password', {
		token: s.token,
		json: { old_password: PASSWORD, new_password: newPassword },
	});
	if (r.status !== 200)
		throw new Error(`password change ${loginName}: ${r.status} ${r.text}`);
	const me = await api(base, 'GET', '/api/v1/me', { token: s.token });
	if (me.status !== 200 || me.json.must_change_password !== false)
		throw new Error(`after password change ${loginName}: ${me.status} ${me.text}`);
	return { ...s, user: me.json, must_change_password: false, password: newPassword };
}

/* Every item of a paged list (follows next_cursor). */
export async function listAll(base, p, opts) {
	const items = [];
	let cursor = null;
	for (let i = 0; i < 1000; i++) {
		const sep = p.includes('?') ? '&' : '?';
		const r = await api(base, 'GET', p + (cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''), opts);
		if (r.status !== 200)
			throw new Error(`GET ${p}: ${r.status} ${r.text}`);
		items.push(...r.json.items);
		cursor = r.json.next_cursor;
		if (cursor === null)
			return items;
	}
	throw new Error(`GET ${p}: paging does not end`);
}

/* Assert the API's one error shape and return the error object. */
export function errorOf(r) {
	if (!r.json || typeof r.json.error !== 'object' || r.json.error === null)
		throw new Error(`expected a JSON error body, got ${r.status} ${r.text.slice(0, 300)}`);
	const e = r.json.error;
	if (typeof e.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(e.code) ||
	    typeof e.message !== 'string' || e.message.length === 0)
		throw new Error(`malformed error body: ${r.text.slice(0, 300)}`);
	return e;
}
