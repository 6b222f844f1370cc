// Browser test of 征集调查 and the site search: the leader (张伟,
// surveys.manage) writes a consultation in the back office (questions
// one per line) and publishes it; a visitor finds it with the header's
// search box, answers it, and a second answer from the same browser is
// refused with the reason; the leader sees the count and the free text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW, loginForm, changePasswordForm, logoutForm } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const TITLE = '关于公园夜间开放时间调整方案征求意见';
const NEW_PW = 'Survey#Flow-2026';
let env, page, surveyUrl;

/* datetime-local value in Shanghai time, `hours` from now */
function local(hours) {
	return new Date(Date.now() + (8 + hours) * 3600e3).toISOString().slice(0, 16);
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

test('the leader writes a consultation and publishes it', async () => {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, 'zhang.wei', INITIAL_PW);
	await changePasswordForm(page, INITIAL_PW, NEW_PW);
	await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '征集调查' }).click();
	await page.getByText('新建征集调查').click();
	await page.getByLabel('标题').fill(TITLE);
	await page.getByLabel('类型', { exact: true }).selectOption('consultation');
	await page.getByLabel('开始时间').fill(local(-1));
	await page.getByLabel('结束时间').fill(local(24 * 7));
	await page.getByLabel('允许匿名参与').check();
	await page.getByLabel(/^问题/).fill('[单选*] 您是否赞成调整方案？\n赞成\n不赞成\n[填空 200] 其他意见');
	await page.getByRole('button', { name: '保存草稿' }).click();
	await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
	await page.getByRole('button', { name: '发布' }).click();
	await page.getByRole('status').filter({ hasText: '已发布' }).waitFor();
	surveyUrl = await page.locator('dl.kv dt:has-text("公开页面") + dd a').textContent();
	assert.match(surveyUrl, /^\/surveys\/\d+$/);
	await logoutForm(page);
});

test('a visitor finds it with the search box, answers once, and cannot answer twice', async () => {
	await page.goto(`${env.base}/`);
	await page.getByRole('search').first().getByLabel('全站搜索').fill('夜间');
	await page.getByRole('search').first().getByRole('button', { name: '搜索' }).click();
	await page.waitForURL(/\/search\?q=/);
	const hit = page.locator('.search-results h3 a').filter({ hasText: TITLE });
	assert.equal(await hit.locator('mark').first().textContent(), '夜间');
	await page.screenshot({ path: join(SHOTS, 'search-results.png'), fullPage: true });
	await hit.click();
	await page.waitForURL((u) => u.pathname === surveyUrl);
	await page.getByLabel('赞成', { exact: true }).check();
	await page.getByLabel('其他意见').fill('建议延长至22点<b>');
	await page.getByRole('button', { name: '提交' }).click();
	await page.getByRole('status').filter({ hasText: '提交成功' }).waitFor();
	/* the same browser again: no form, the notice instead */
	await page.goto(`${env.base}${surveyUrl}`);
	await page.getByRole('status').filter({ hasText: '您已参与过' }).waitFor();
	assert.equal(await page.getByRole('button', { name: '提交' }).count(), 0);
	/* a stale form posted again is refused and changes nothing */
	const r = await page.request.post(`${env.base}${surveyUrl}`, { form: { q1: '2' } });
	assert.equal(r.status(), 409);
	assert.match(await r.text(), /您已参与过本次征集调查/);
	await page.screenshot({ path: join(SHOTS, 'survey-answered.png'), fullPage: true });
});

test('the leader sees one response and its free text', async () => {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, 'zhang.wei', NEW_PW);
	await page.goto(`${env.base}/office${surveyUrl}`);
	await page.getByText('共收到 1 份答卷。').waitFor();
	assert.equal(await page.locator('.sv-texts li').textContent(), '建议延长至22点<b>');
	await page.screenshot({ path: join(SHOTS, 'survey-office.png'), fullPage: true });
});
