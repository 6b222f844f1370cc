// lib.mjs -- shared set-up of the browser tests: a fresh data directory
// with the demo government, a server on a free port, and Debian's
// Chromium driven by playwright-core.
//
//   const env = await startBrowserEnv();   // { base, page, context, work }
//   ...
//   await env.stop();
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = resolve(HERE, '../..');
export const BIN = resolve(ROOT, process.env.ZHENGWU_BIN || 'bin/zhengwu');
export const CHROMIUM = process.env.ZHENGWU_CHROMIUM || '/usr/bin/chromium';
export const INITIAL_PW = 'Zw#Pass2026';

/* Spawn the server; resolve with its port once it logs "serving on". */
function serve(dataDir, work) {
	let serverLog = '';
	return new Promise((ok, fail) => {
		const p = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
			// The login rate limit's configured maximum is 10000 a minute.
			env: { ...process.env, ZHENGWU_LOGIN_RATE_PER_MINUTE: '10000' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const log = createWriteStream(join(work, 'server.log'));
		const timer = setTimeout(() => fail(new Error(`server did not start:\n${serverLog}`)), 15000);
		let done = false;
		p.stdout.pipe(log);
		p.stderr.on('data', (chunk) => {
			serverLog += chunk;
			log.write(chunk);
			const m = /serving on .*\(port (\d+)/.exec(serverLog);
			if (m && !done) {
				done = true;
				clearTimeout(timer);
				ok({ proc: p, port: Number(m[1]) });
			}
		});
		p.on('exit', (code, sig) => {
			if (!done) {
				clearTimeout(timer);
				fail(new Error(`server exited (${code ?? sig}) before serving:\n${serverLog}`));
			}
		});
	});
}

export async function startBrowserEnv() {
	if (!existsSync(CHROMIUM))
		throw new Error(`${CHROMIUM} not found: run scripts/install-deps.sh (Debian package chromium)`);
	try {
		if (!execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim())
			console.warn('no Chinese font (fc-list :lang=zh is empty): screenshots will show boxes; ' +
			    'install fonts-noto-cjk (scripts/install-deps.sh)');
	} catch { /* no fontconfig tools: nothing to say */ }
	const work = mkdtempSync(join(tmpdir(), 'zhengwu-e2e-'));
	const data = join(work, 'data');
	execFileSync(BIN, ['init', '--data', data, '--demo'], {
		env: { ...process.env, ZHENGWU_ADMIN_PASSWORD: INITIAL_PW },
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const s = await serve(data, work);
	const context = await chromium.launchPersistentContext(join(work, 'chromium'), {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1280, height: 800 },
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
	});
	context.setDefaultTimeout(10000);
	const page = context.pages()[0] || await context.newPage();
	page.on('dialog', (d) => d.accept());
	const env = { base: `http://127.0.0.1:${s.port}`, page, context, work, data, server: s.proc };
	env.stop = async () => {
		await context.close().catch(() => {});
		if (s.proc.exitCode === null) {
			const exited = new Promise((ok) => s.proc.once('exit', ok));
			s.proc.kill('SIGTERM');
			const t = setTimeout(() => s.proc.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(t);
		}
		if (!process.env.ZHENGWU_E2E_KEEP)
			rmSync(work, { recursive: true, force: true });
		else
			console.log(`kept ${work}`);
	};
	return env;
}

/* Log in through the login form. */
export async function loginForm(page, loginName, password) {
	await page.getByLabel('用户名', { exact: true }).fill(loginName);
	await page.getByLabel('密码', { exact: true }).fill(password);
	await page.getByRole('button', { name: '登录' }).click();
}

/* Change the password on the forced-change page. */
export async function changePasswordForm(page, oldPw, newPw) {
	await page.waitForURL(/\/office\/password(\?next=[^&]*)?$/);
	await page.getByLabel('原密码').fill(oldPw);
	await page.getByLabel('新密码', { exact: true }).fill(newPw);
	await page.getByLabel('确认新密码').fill(newPw);
	await page.getByRole('button', { name: '保存新密码' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/office/password'));
}

/* Log out through the header button. */
export async function logoutForm(page) {
	await page.getByRole('button', { name: '退出' }).click();
	await page.waitForURL(/\/office\/login/);
	assert.ok(true);
}
