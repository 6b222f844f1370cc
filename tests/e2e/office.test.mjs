// Browser test of the back office (/office/): login with forced password
// change, organization and user creation (and a rejected form), logout,
// login as the new 安全审计员, the audit log and its CSV export, basic
// accessibility, and screenshots in tests/e2e/screenshots/.
//
// Drives Debian's Chromium (/usr/bin/chromium, override with
// ZHENGWU_CHROMIUM) through playwright-core; the server is ZHENGWU_BIN
// (default ./bin/zhengwu) on a fresh temporary data directory.
//
//   make e2e          or          ZHENGWU_BIN=$PWD/bin/zhengwu node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');

const ADMIN_PW = 'Ofc#Secure2026';       // must not contain "admin"
const ORG = { name: '端到端测试办公室', code: 'E2E-TEST-01', shortName: '测试办',
	region: '130102', parent: '石家庄市人民政府' };
const USER = { login: 'e2e.audit', name: '测试审计员', initialPw: 'Init#Pass2026',
	newPw: 'Chk$Review2026' };
const HAN = /[\u4e00-\u9fff]/;

let env, base, page;

/* Every visible form control has an accessible label. */
async function assertA11yBasics(pg, what) {
	assert.equal(await pg.locator('html').getAttribute('lang'), 'zh-CN', `${what}: html lang`);
	const skip = pg.getByRole('link', { name: '跳到主要内容' });
	await skip.waitFor({ state: 'attached' });
	const target = await skip.getAttribute('href');
	assert.match(target, /^#./, `${what}: skip link href`);
	assert.equal(await pg.locator(target).count(), 1, `${what}: skip link target ${target}`);
	assert.equal(await pg.getByRole('main').count(), 1, `${what}: one main landmark`);
	assert.equal(await pg.locator(target).evaluate((el) => el.tagName), 'MAIN',
	    `${what}: skip link points at <main>`);
	const unlabeled = await pg.locator('input, select, textarea').evaluateAll((els) => els
		.filter((el) => el.type !== 'hidden' && el.type !== 'submit' && el.type !== 'button')
		.filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') &&
		    !el.getAttribute('aria-labelledby'))
		.map((el) => el.outerHTML));
	assert.deepEqual(unlabeled, [], `${what}: inputs without a label`);
	// The skip link is the first stop in the tab order ...
	const first = await pg.evaluate(() => {
		const sel = 'a[href], button, input, select, textarea, [tabindex]';
		const el = [...document.querySelectorAll(sel)].find((e) => e.tabIndex >= 0 &&
		    !e.disabled && e.type !== 'hidden');
		return el ? el.textContent.trim() : null;
	});
	assert.equal(first, '跳到主要内容', `${what}: first focusable element`);
	// ... and, from a page where nothing has focus yet, Tab then Enter
	// moves the focus into <main>.
	if (await pg.evaluate(() => document.activeElement === document.body)) {
		await pg.keyboard.press('Tab');
		assert.equal(await pg.evaluate(() => document.activeElement.textContent.trim()),
		    '跳到主要内容', `${what}: first Tab stop`);
		await pg.keyboard.press('Enter');
		assert.equal(await pg.evaluate(() => document.activeElement.tagName), 'MAIN',
		    `${what}: focus after the skip link`);
	}
}

async function shot(name) {
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function login(loginName, password) {
	await page.getByLabel('用户名', { exact: true }).fill(loginName);
	await page.getByLabel('密码', { exact: true }).fill(password);
	await page.getByRole('button', { name: '登录' }).click();
}

async function changePassword(oldPw, newPw) {
	await page.waitForURL(/\/office\/password(\?next=[^&]*)?$/);
	await assert.doesNotReject(page.getByRole('heading', { name: '修改密码' }).waitFor());
	await page.getByLabel('原密码').fill(oldPw);
	await page.getByLabel('新密码', { exact: true }).fill(newPw);
	await page.getByLabel('确认新密码').fill(newPw);
	await page.getByRole('button', { name: '保存新密码' }).click();
	await page.waitForURL(/\/office\/\?password_changed=1$/);
	await page.getByRole('heading', { name: '我的工作台', level: 1 }).waitFor();
	await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor();
}

function nav(name) {
	return page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name, exact: true });
}

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	env = await startBrowserEnv();
	base = env.base;
	page = env.page;
});

after(async () => {
	if (env)
		await env.stop();
});

test('anonymous /office/ goes to the login page, which is accessible', async () => {
	await page.goto(`${base}/office/`);
	await page.waitForURL(/\/office\/login\?next=/);
	await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
	await assertA11yBasics(page, 'login page');
	await shot('login');
});

test('admin logs in, must change the initial password, lands on the desk', async () => {
	await login('admin', INITIAL_PW);
	await changePassword(INITIAL_PW, ADMIN_PW);
	assert.match(await page.locator('dl.kv').innerText(), /系统管理员/);
	await shot('desk');
});

test('admin creates an organization', async () => {
	await nav('机构管理').click();
	await page.getByRole('heading', { name: '机构管理', level: 1 }).waitFor();
	await page.getByRole('link', { name: '新建机构' }).click();
	await page.getByRole('heading', { name: '新建机构', level: 1 }).waitFor();
	await page.getByLabel('机构名称').fill(ORG.name);
	await page.getByLabel('机构编码').fill(ORG.code);
	await page.getByLabel('机关代字').fill(ORG.shortName);
	await page.getByLabel('行政区划代码').fill(ORG.region);
	await page.getByLabel('上级机构').selectOption({ label: ORG.parent });
	await page.getByRole('button', { name: '保存', exact: true }).click();

	await page.waitForURL(/\/office\/orgs\/\d+\?saved=1$/);
	await page.getByRole('heading', { name: ORG.name, level: 1 }).waitFor();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	const facts = await page.locator('dl.kv').first().innerText();
	assert.match(facts, new RegExp(ORG.code));
	assert.match(facts, new RegExp(ORG.shortName));
	assert.match(facts, new RegExp(ORG.region));
	assert.match(facts, new RegExp(ORG.parent));
	assert.equal(await page.locator('dl.kv').first().getByRole('link', { name: ORG.parent }).count(), 1);
	const staff = page.locator('section').filter({ has: page.getByRole('heading', { name: '本机构工作人员' }) });
	assert.match(await staff.innerText(), /暂无/);
	const orgId = /\/office\/orgs\/(\d+)/.exec(page.url())[1];
	assert.equal(await staff.getByRole('link', { name: '在本机构新建用户' }).getAttribute('href'),
	    `/office/users/new?org_id=${orgId}`);
	await shot('org');

	await nav('机构管理').click();
	const row = page.getByRole('row').filter({ hasText: ORG.name });
	assert.equal(await row.count(), 1, 'new org listed once');
	assert.match(await row.innerText(), new RegExp(`${ORG.code}[\\s\\S]*${ORG.shortName}[\\s\\S]*${ORG.parent}`));
	await shot('orgs');
});

test('a rejected organization form shows a Chinese error and keeps the values', async () => {
	await page.getByRole('link', { name: '新建机构' }).click();
	const bad = { name: '错误信用代码测试局', code: 'E2E-BAD-01', shortName: '错测局',
		uscc: '91350200776049653B' };
	await page.getByLabel('机构名称').fill(bad.name);
	await page.getByLabel('机构编码').fill(bad.code);
	await page.getByLabel('机关代字').fill(bad.shortName);
	await page.getByLabel('统一社会信用代码').fill(bad.uscc);
	await page.getByLabel('行政区划代码').fill(ORG.region);
	await page.getByLabel('上级机构').selectOption({ label: ORG.parent });
	await page.getByLabel('机构类型').selectOption({ label: '其他单位' });
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/office/orgs')),
		page.getByRole('button', { name: '保存', exact: true }).click(),
	]);
	assert.equal(resp.status(), 422);
	const alert = page.getByRole('alert');
	await alert.waitFor();
	const msg = (await alert.innerText()).trim();
	assert.match(msg, HAN, `error message is Chinese: ${msg}`);
	assert.match(msg, /信用代码/, `error names the field: ${msg}`);
	assert.equal(await page.getByLabel('机构名称').inputValue(), bad.name);
	assert.equal(await page.getByLabel('机构编码').inputValue(), bad.code);
	assert.equal(await page.getByLabel('机关代字').inputValue(), bad.shortName);
	assert.equal(await page.getByLabel('统一社会信用代码').inputValue(), bad.uscc);
	assert.equal(await page.getByLabel('行政区划代码').inputValue(), ORG.region);
	assert.equal(await page.getByLabel('上级机构').locator('option:checked').innerText(), ORG.parent);
	assert.equal(await page.getByLabel('机构类型').inputValue(), 'unit');
	await shot('org-form-error');
	// Nothing was saved.
	await nav('机构管理').click();
	assert.equal(await page.getByRole('row').filter({ hasText: bad.name }).count(), 0);
});

test('admin creates a 安全审计员 user in the new organization', async () => {
	await nav('用户管理').click();
	await page.getByRole('heading', { name: '用户管理', level: 1 }).waitFor();
	await page.getByRole('link', { name: '新建用户' }).click();
	await page.getByRole('heading', { name: '新建用户', level: 1 }).waitFor();
	await page.getByLabel('登录名').fill(USER.login);
	await page.getByLabel('姓名').fill(USER.name);
	await page.getByLabel('所属机构').selectOption({ label: ORG.name });
	await page.getByRole('checkbox', { name: /^安全审计员/ }).check();
	await page.getByLabel('初始密码').fill(USER.initialPw);
	await page.getByRole('button', { name: '创建用户' }).click();

	await page.waitForURL(/\/office\/users\/\d+\?saved=1$/);
	await page.getByRole('heading', { name: `${USER.name}（${USER.login}）`, level: 1 }).waitFor();
	const facts = await page.locator('dl.kv').first().innerText();
	assert.match(facts, new RegExp(`所属机构\\s*${ORG.name}`));
	assert.match(facts, /角色\s*安全审计员/);
	assert.match(facts, /须修改密码\s*是/);
	await shot('user');
});

test('the new user logs in, changes the password and reads the audit log', async () => {
	await page.getByRole('button', { name: '退出' }).click();
	await page.waitForURL(/\/office\/login/);
	await page.getByRole('heading', { name: '工作人员登录' }).waitFor();

	await login(USER.login, USER.initialPw);
	await changePassword(USER.initialPw, USER.newPw);
	assert.match(await page.getByRole('banner').innerText(), new RegExp(USER.name));

	await nav('审计日志').click();
	await page.getByRole('heading', { name: '审计日志', level: 1 }).waitFor();
	const table = page.getByRole('table', { name: '审计事件' });
	for (const action of ['org.create', 'user.create']) {
		const rows = table.getByRole('row').filter({ has: page.getByRole('cell', { name: action, exact: true }) });
		assert.ok(await rows.count() >= 1, `${action} listed`);
		const cells = await rows.first().getByRole('cell').allInnerTexts();
		assert.equal(cells[2], 'admin', `${action} actor: ${cells.join(' | ')}`);
		assert.equal(cells[5], '成功', `${action} result: ${cells.join(' | ')}`);
	}
	await assertA11yBasics(page, 'audit page');
	await shot('audit');

	// The CSV export, fetched with the browser's session cookie.
	const href = await page.getByRole('link', { name: '导出CSV' }).getAttribute('href');
	const resp = await page.request.get(new URL(href, page.url()).href);
	assert.equal(resp.status(), 200);
	assert.match(resp.headers()['content-type'], /^text\/csv/);
	assert.match(resp.headers()['content-disposition'] || '', /attachment.*\.csv/);
	const csv = (await resp.text()).replace(/^\uFEFF/, '');
	const lines = csv.split('\r\n');
	assert.equal(lines[0], '序号,时间,用户,机构ID,操作,对象类型,对象ID,结果,IP,请求ID,详情');
	assert.ok(lines.some((l) => l.includes('"admin"') && l.includes('"org.create"')), 'org.create in CSV');
	assert.ok(lines.some((l) => l.includes('"admin"') && l.includes('"user.create"')), 'user.create in CSV');

	// Without the session the export is not served.
	const anon = await fetch(new URL(href, base), { redirect: 'manual' });
	assert.notEqual(anon.status, 200);
});
