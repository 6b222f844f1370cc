// cli.test.mjs -- the command line of API.md: validate, version/help,
// init refusal, user add/list/lock/unlock/passwd, audit verify, config
// dump, migrate, backup/restore, graceful stop.  Runs on the backend
// chosen by ZHENGWU_TEST_DB like every API test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

import { BIN, DB_KIND, PG_URL, PASSWORD, api, login, ready, run, startServer }
    from './lib/server.mjs';

function cleanEnv(extra = {}) {
	const env = {};
	for (const [k, v] of Object.entries(process.env))
		if (!k.startsWith('ZHENGWU_'))
			env[k] = v;
	return Object.assign(env, extra);
}

describe('command line', () => {
	let srv;

	before(async () => { srv = await startServer(); });
	after(async () => { await srv.close(); });

	it('validate id-number: exit 0 with birth date, sex and region (GB 11643)', async () => {
		const r = await run(BIN, ['validate', 'id-number', '11010519491231002X'], { env: cleanEnv() });
		assert.equal(r.code, 0);
		assert.match(r.stdout, /1949-12-31/);
		assert.match(r.stdout, /女/);
		assert.match(r.stdout, /北京市朝阳区/);
	});

	it('validate: exit 1 and the failed rule for a bad check digit', async () => {
		const r = await run(BIN, ['validate', 'id-number', '110105194912310021'], { env: cleanEnv() });
		assert.equal(r.code, 1);
		assert.match(r.stdout, /bad_check_digit/);
		const u = await run(BIN, ['validate', 'uscc', '91350200776049653B'], { env: cleanEnv() });
		assert.equal(u.code, 1);
		const ok = await run(BIN, ['validate', 'uscc', '91350200776049653A'], { env: cleanEnv() });
		assert.equal(ok.code, 0);
		const rg = await run(BIN, ['validate', 'region', '130102'], { env: cleanEnv() });
		assert.equal(rg.code, 0);
		assert.match(rg.stdout, /长安区/);
		const bad = await run(BIN, ['validate', 'colour', 'red'], { env: cleanEnv() });
		assert.equal(bad.code, 2);
	});

	it('version, help and --help on every command exit 0', async () => {
		assert.equal((await run(BIN, ['version'])).code, 0);
		const h = await run(BIN, ['help']);
		assert.equal(h.code, 0);
		for (const cmd of ['init', 'serve', 'migrate', 'user', 'validate', 'audit', 'backup', 'restore', 'config', 'supervision']) {
			const r = await run(BIN, [cmd, '--help']);
			assert.equal(r.code, 0, `${cmd} --help`);
			assert.match(r.stdout, /usage: zhengwu/, `${cmd} --help`);
			assert.match(h.stdout, new RegExp(`\\b${cmd}\\b`));
		}
		assert.equal((await run(BIN, ['frobnicate'])).code, 2);
		assert.equal((await run(BIN, ['serve', '--colour'])).code, 2);
	});

	it('init refuses an existing, non-empty data directory', async () => {
		const r = await run(BIN, ['init', '--data', srv.dataDir], {
			env: cleanEnv({ ZHENGWU_ADMIN_PASSWORD: PASSWORD }),
		});
		assert.equal(r.code, 1);
		assert.match(r.stderr, /refusing to overwrite/);
	});

	it('user add reads the password from standard input; lock, unlock, passwd', async () => {
		let r = await srv.cli(['user', 'add', '--org', 'changan-civil', '--login', 'ma.li',
		    '--name', '马丽', '--role', 'clerk'], { input: 'Ma#Li-2026x\n' });
		assert.equal(r.code, 0, r.stderr);
		const s = await login(srv.base, 'ma.li', 'Ma#Li-2026x');
		assert.equal(s.must_change_password, true);
		assert.equal(s.user.org_name, '长安区民政局');
		r = await srv.cli(['user', 'list']);
		assert.equal(r.code, 0);
		assert.match(r.stdout, /ma\.li\s+马丽/);
		r = await srv.cli(['user', 'lock', '--login', 'ma.li']);
		assert.equal(r.code, 0, r.stderr);
		let lr = await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'ma.li', password: 'Ma#Li-2026x' } });
		assert.equal(lr.status, 403);
		assert.equal(lr.json.error.code, 'account_locked');
		r = await srv.cli(['user', 'unlock', '--login', 'ma.li']);
		assert.equal(r.code, 0, r.stderr);
		r = await srv.cli(['user', 'passwd', '--login', 'ma.li'], { input: 'New#Ma-2027y\n' });
		assert.equal(r.code, 0, r.stderr);
		lr = await api(srv.base, 'POST', '/api/v1/session', { json: { login: 'ma.li', password: 'Ma#Li-2026x' } });
		assert.equal(lr.status, 401);
		const s2 = await login(srv.base, 'ma.li', 'New#Ma-2027y');
		assert.equal(s2.must_change_password, true);
		// bad input: weak password, unknown org, duplicate login; nothing changes
		r = await srv.cli(['user', 'add', '--org', 'changan-civil', '--login', 'weak',
		    '--name', '弱', '--role', 'clerk'], { input: 'abc\n' });
		assert.equal(r.code, 1);
		r = await srv.cli(['user', 'add', '--org', 'nowhere', '--login', 'x1',
		    '--name', 'x', '--role', 'clerk'], { input: 'Ma#Li-2026x\n' });
		assert.equal(r.code, 1);
		r = await srv.cli(['user', 'add', '--org', 'changan-civil', '--login', 'ma.li',
		    '--name', 'x', '--role', 'clerk'], { input: 'Ma#Li-2026x\n' });
		assert.equal(r.code, 1);
		r = await srv.cli(['user', 'list']);
		assert.doesNotMatch(r.stdout, /\bweak\b|\bx1\b/);
	});

	it('audit verify: exit 0 with the number of events', async () => {
		const r = await srv.cli(['audit', 'verify']);
		assert.equal(r.code, 0, r.stderr);
		const m = /ok: (\d+) events/.exec(r.stdout);
		assert.ok(m && Number(m[1]) > 10, r.stdout);
	});

	it('config dump shows every setting with its source; migrate is idempotent', async () => {
		let r = await srv.cli(['config', 'dump'], { env: { ZHENGWU_THREADS: '3' } });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^threads\s+= 3\s+# environment/m);
		assert.match(r.stdout, /^lockout_threshold\s+= 5\s+# default/m);
		assert.doesNotMatch(r.stdout, /postgres@/);	// no credentials printed
		r = await srv.cli(['migrate']);
		assert.equal(r.code, 0, r.stderr);
		const conf = path.join(srv.dataDir, 'zhengwu.conf');
		const saved = await fs.readFile(conf, 'utf8');
		await fs.writeFile(conf, saved + '\nthreads = many\n');
		r = await srv.cli(['config', 'dump']);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /zhengwu\.conf:\d+: threads/);
		await fs.writeFile(conf, saved);
	});

	it('backup and restore into an empty directory keep organizations, users and the audit chain', async () => {
		const admin = await ready(srv.base, 'admin');
		const created = await api(srv.base, 'POST', '/api/v1/orgs', {
			token: admin.token,
			json: { code: 'backup-test', name: '备份测试办公室', region_code: '130102', parent_id: 1 },
		});
		assert.equal(created.status, 201, created.text);
		const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'zw-bk-'));
		const file = path.join(tmp, 'backup.tar');
		let r = await srv.cli(['backup', '--out', file]);
		assert.equal(r.code, 0, r.stderr);
		const list = await run('tar', ['-tf', file]);
		assert.match(list.stdout, /master\.key/);
		assert.match(list.stdout, DB_KIND === 'pg' ? /pg\.dump/ : /zhengwu\.db/);

		const target = path.join(tmp, 'restored');
		let dbArgs = [];
		if (DB_KIND === 'pg') {
			const name = 'r_' + randomBytes(5).toString('hex');
			const c = await run('psql', ['-X', '-q', PG_URL, '-c', `CREATE DATABASE ${name}`]);
			assert.equal(c.code, 0, c.stderr);
			const u = new URL(PG_URL);
			u.pathname = '/' + name;
			dbArgs = ['--db', u.toString()];
		}
		r = await run(BIN, ['restore', '--data', target, ...dbArgs, file], { env: cleanEnv() });
		assert.equal(r.code, 0, r.stderr + r.stdout);
		r = await run(BIN, ['audit', 'verify', '--data', target, ...dbArgs], { env: cleanEnv() });
		assert.equal(r.code, 0, r.stderr + r.stdout);
		r = await run(BIN, ['user', 'list', '--data', target, ...dbArgs], { env: cleanEnv() });
		assert.match(r.stdout, /auditor/);
		// the restored database holds the organization created before the backup
		const q = DB_KIND === 'pg'
		    ? await run('psql', ['-X', '-A', '-t', dbArgs[1], '-c', "SELECT name FROM orgs WHERE code = 'backup-test'"])
		    : await run('sqlite3', [path.join(target, 'zhengwu.db'), "SELECT name FROM orgs WHERE code = 'backup-test'"]);
		assert.match(q.stdout, /备份测试办公室/);
		// restore refuses a non-empty directory
		r = await run(BIN, ['restore', '--data', target, ...dbArgs, file], { env: cleanEnv() });
		assert.equal(r.code, 1);
		await fs.rm(tmp, { recursive: true, force: true });
	});

	it('SIGTERM stops the server cleanly (exit 0)', async () => {
		const t0 = Date.now();
		await srv.stop();
		const { code } = await srv.exited;
		assert.equal(code, 0);
		assert.ok(Date.now() - t0 < 5000);
		await srv.spawn();
	});
});
