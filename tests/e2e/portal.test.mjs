// Browser test of the portal: an editor (李娜, portal.edit) drafts a
// 通知 for the main site and sends it for review; the leader (张伟,
// portal.publish) publishes it from the review queue; a visitor finds it
// on the home page, opens it, and it is in the column's Atom feed.  The
// reading aids (font size, high contrast) work and are remembered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW, loginForm, changePasswordForm, logoutForm } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const TITLE = '关于市民服务中心国庆期间办公安排的通知';
const NEW_PW = 'Portal#Flow-2026';
let env, page, articleUrl;

async function loginAs(login) {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, login, INITIAL_PW);
	await changePasswordForm(page, INITIAL_PW, NEW_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
}

function state() {
	return page.locator('dl.kv dt:has-text("状态") + dd strong');
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

test('the editor drafts a 通知 and sends it for review', async () => {
	await loginAs('li.na');
	await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '网站信息' }).click();
	await page.getByRole('link', { name: '新建信息' }).click();
	await page.getByLabel('栏目').selectOption({ label: '通知公告' });
	await page.getByLabel('标题').fill(TITLE);
	await page.getByLabel('信息类别').selectOption('public_services');
	await page.getByLabel('正文（HTML）').fill('<p>国庆期间市民服务中心10月1日至3日暂停对外服务。</p>' +
	    '<script>alert("x")</script><p onclick="x()">10月4日起恢复正常。</p>');
	await page.getByRole('button', { name: '保存' }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	articleUrl = page.url().replace(/\?.*$/, '');
	assert.equal(await state().textContent(), '草稿');
	/* the script and the handler are gone before anyone sees them */
	const body = await page.locator('.article-body').innerHTML();
	assert.equal(body, '<p>国庆期间市民服务中心10月1日至3日暂停对外服务。</p><p>10月4日起恢复正常。</p>');
	await page.getByRole('button', { name: '送审' }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	assert.equal(await state().textContent(), '待审核');
	await logoutForm(page);
	/* not public yet */
	const r = await page.request.get(`${env.base}/`);
	assert.ok(!(await r.text()).includes(TITLE));
});

test('the leader publishes it from the review queue', async () => {
	await loginAs('zhang.wei');
	await page.goto(`${env.base}/office/articles/review`);
	await page.getByRole('link', { name: TITLE }).click();
	await page.getByRole('button', { name: '发布', exact: true }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	assert.equal(await state().textContent(), '已发布');
	const index = await page.locator('dl.kv dt:has-text("索引号") + dd').textContent();
	assert.match(index, /^[0-9A-Z]{18}\/\d{4}-\d{5}$/);
	await page.screenshot({ path: join(SHOTS, 'portal-office-article.png'), fullPage: true });
	await logoutForm(page);
});

test('a visitor finds it on the home page, opens it, and it is in the feed', async () => {
	await page.goto(`${env.base}/`);
	const link = page.getByRole('link', { name: TITLE });
	await link.first().waitFor();
	await page.screenshot({ path: join(SHOTS, 'portal-home.png'), fullPage: true });
	await link.first().click();
	await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
	assert.equal(page.url(), articleUrl.replace('/office/articles/', '/articles/'));
	await page.locator('table.meta td', { hasText: '公共服务' }).waitFor();
	const feed = await page.request.get(`${env.base}/feeds/tzgg.atom`);
	assert.equal(feed.status(), 200);
	const xml = await feed.text();
	assert.ok(xml.includes(`<title>${TITLE}</title>`));
	assert.ok(xml.includes(new URL(page.url()).pathname + '</id>'));
});

test('reading aids: larger text and high contrast, remembered across pages', async () => {
	await page.goto(`${env.base}/`);
	assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
	const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
	const before = await size();
	await page.getByRole('button', { name: '字号增大' }).click();
	await page.getByRole('button', { name: '字号增大' }).click();
	assert.ok(await size() > before * 1.2);
	await page.getByRole('button', { name: '高对比度' }).click();
	assert.equal(await page.getByRole('button', { name: '高对比度' }).getAttribute('aria-pressed'), 'true');
	await page.getByRole('link', { name: '政府信息公开' }).first().click();
	await page.getByRole('heading', { level: 1, name: '政府信息公开' }).waitFor();
	assert.ok(await page.locator('html.hc').count() === 1);
	assert.ok(await size() > before * 1.2);
	const bg = await page.locator('.portal-head').evaluate((el) => getComputedStyle(el).backgroundColor);
	assert.equal(bg, 'rgb(0, 0, 0)');
	await page.screenshot({ path: join(SHOTS, 'portal-high-contrast.png'), fullPage: true });
	await page.getByRole('button', { name: '标准字号' }).click();
	await page.getByRole('button', { name: '高对比度' }).click();
	assert.equal(await page.locator('html.hc').count(), 0);
	/* the skip link takes keyboard users to the content */
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: '跳到主要内容' });
	await skip.focus();
	await page.keyboard.press('Enter');
	assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
});
