// Browser test of sharing (standards.md §5): the catalog administrator
// (郑辉, 数据管理员) revises and publishes the 人口基础信息 resource; a
// consumer (赵磊, 长安区人民政府办公室, no grant yet) is refused a lookup,
// asks for two items from the resource page; the provider approves one
// of them in the queue; the consumer looks 王建国 up and sees only the
// granted item; 王建国, logged in on the portal, sees the lookup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW, loginForm, changePasswordForm, logoutForm } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const NEW_PW = 'Share#Flow-2026';
const WANG = '130102198003150017';
let env, page, requestUrl;

async function staffLogin(login) {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, login, INITIAL_PW);
	await changePasswordForm(page, INITIAL_PW, NEW_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
}

async function openPersons() {
	await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '信息资源目录' }).click();
	await page.getByLabel('名称或代码').fill('人口基础信息');
	await page.getByRole('button', { name: '查询' }).click();
	await page.getByRole('link', { name: '人口基础信息' }).click();
	await page.getByRole('heading', { level: 1, name: '人口基础信息' }).waitFor();
}

async function lookUp() {
	await page.goto(`${env.base}/office/registry`);
	await page.getByLabel('公民身份号码或统一社会信用代码').fill(WANG);
	await page.getByLabel('查询事由').fill('办理居民最低生活保障，核验申请人身份');
	await page.getByLabel('业务编号').fill('长政办〔2026〕12号');
	await page.getByRole('button', { name: '查询' }).click();
}

before(async () => {
	mkdirSync(SHOTS, { recursive: true });
	env = await startBrowserEnv();
	page = env.page;
});

after(async () => {
	if (env)
		await env.stop();
});

test('the catalog administrator revises and publishes 人口基础信息 as version 2', async () => {
	await staffLogin('zheng.hui');
	await openPersons();
	await page.getByRole('link', { name: '修改', exact: true }).click();
	await page.getByLabel('信息资源摘要').fill('全市户籍人口的身份、户籍和联系信息（人口基础库），按公民身份号码查询，每日与公安户籍同步。');
	await page.getByRole('button', { name: '保存草稿' }).click();
	await page.getByRole('button', { name: '审核发布' }).click();
	await page.getByText('现行第2版').waitFor();
	assert.ok(await page.getByText('每日与公安户籍同步').isVisible());
	await page.screenshot({ path: join(SHOTS, 'sharing-resource.png'), fullPage: true });
	await logoutForm(page);
});

test('a consumer without a grant is refused, then asks for two items', async () => {
	await staffLogin('zhao.lei');
	await lookUp();
	await page.getByText('没有该信息资源的共享授权').waitFor();
	await openPersons();
	await page.getByLabel('姓名（name）').check();
	await page.getByLabel('住址（address）').check();
	await page.getByLabel('使用用途').fill('居民最低生活保障申请人身份核验');
	await page.getByLabel('申请依据').fill('《社会救助暂行办法》第十一条');
	await page.getByRole('button', { name: '提交申请' }).click();
	await page.getByText('待答复').waitFor();
	requestUrl = page.url();
	assert.match(requestUrl, /\/office\/share-requests\/\d+$/);
	await logoutForm(page);
});

test('the provider approves one of the two items from the queue', async () => {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, 'zheng.hui', NEW_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
	await page.goto(`${env.base}/office/share-requests`);
	await page.getByRole('row', { name: /长安区人民政府办公室/ }).getByRole('link').click();
	await page.getByRole('checkbox', { name: 'address' }).uncheck();
	await page.getByRole('button', { name: '同意', exact: true }).click();
	await page.getByText('部分同意').waitFor();
	assert.equal(page.url(), requestUrl);
	await page.screenshot({ path: join(SHOTS, 'sharing-approved.png'), fullPage: true });
	await logoutForm(page);
});

test('the consumer looks 王建国 up and sees only the granted item', async () => {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, 'zhao.lei', NEW_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
	await lookUp();
	await page.getByRole('heading', { name: /查询结果/ }).waitFor();
	const result = page.locator('dl.kv').last();
	assert.match(await result.innerText(), /王建国/);
	assert.doesNotMatch(await result.innerText(), /石家庄市/);	/* no address */
	await logoutForm(page);
});

test('王建国 sees the lookup on the portal', async () => {
	await page.goto(`${env.base}/login`);
	await page.locator('#login').fill(WANG);
	await page.locator('#password').fill(INITIAL_PW);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	if (new URL(page.url()).pathname === '/my/password') {
		await page.getByLabel('原密码').fill(INITIAL_PW);
		await page.getByLabel('新密码', { exact: true }).fill(NEW_PW);
		await page.getByLabel('确认新密码').fill(NEW_PW);
		await page.getByRole('button', { name: /保存/ }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/my/password'));
	}
	await page.goto(`${env.base}/my/data-access`);
	const row = page.getByRole('row', { name: /长安区人民政府办公室/ });
	await row.first().waitFor();
	assert.match(await row.first().innerText(), /长政办〔2026〕12号/);
	assert.match(await row.first().innerText(), /姓名/);
	assert.doesNotMatch(await row.first().innerText(), /住址/);
	await page.screenshot({ path: join(SHOTS, 'sharing-citizen.png'), fullPage: true });
});
