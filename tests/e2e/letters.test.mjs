// Browser test of the citizen's side of the portal: a two-character site
// search finds a disclosure entry (主动公开); then 领导信箱: a citizen
// writes to the mayor's mailbox from
// the portal (answering the arithmetic question), keeps the number and
// query code; the 市政府办公室 clerk routes it to the 行政审批局, whose
// clerk replies and publishes it; the citizen queries with the code,
// reads the reply and rates it; the public page shows it masked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW, loginForm, changePasswordForm, logoutForm } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const STAFF_PW = 'Letters#2026';
let env, page, no, code;

async function staffLogin(login) {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, login, INITIAL_PW);
	await changePasswordForm(page, INITIAL_PW, STAFF_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
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

test('a citizen finds a disclosure entry by a two-character search', async () => {
	await page.goto(`${env.base}/`);
	await page.locator('#site-q').fill('放假');
	await page.locator('form.site-search button[type="submit"]').click();
	await page.getByRole('heading', { name: '“放假”的搜索结果' }).waitFor();
	const hit = page.locator('ol.search-results li').filter({ hasText: '关于2026年国庆节放假安排的通知' });
	assert.equal(await hit.count(), 1);
	// the two characters are highlighted in the escaped title
	assert.equal(await hit.locator('h3 mark').first().textContent(), '放假');
	await hit.locator('h3 a').click();
	await page.getByRole('heading', { name: '关于2026年国庆节放假安排的通知' }).waitFor();
	assert.match(await page.locator('main').textContent(), /索引号/);
	await page.screenshot({ path: join(SHOTS, 'letters-0-search.png'), fullPage: true });
});

test('a citizen writes to the mayor mailbox', async () => {
	await page.goto(`${env.base}/letters`);
	await page.getByRole('link', { name: '市长信箱（李明）', exact: true }).click();
	await page.getByRole('heading', { name: '我要写信' }).waitFor();
	assert.equal(await page.locator('#f-leader').inputValue(), '李明');
	await page.locator('#f-category').selectOption('建议');
	await page.getByLabel(/^姓名/).fill('赵晓明');
	await page.getByLabel(/^联系电话/).fill('13812345678');
	await page.getByLabel(/^信件标题/).fill('建议增加夜间公交线路');
	await page.getByLabel(/^信件内容/).fill('下班时间晚，希望增加21点后的公交班次。我的电话13812345678。');
	await page.getByLabel(/同意答复后在网站公开/).check();
	// A wrong answer comes back with the message and the text kept.
	await page.locator('#f-challenge_answer').fill('999');
	await page.getByRole('button', { name: '提交信件' }).click();
	await page.locator('#error-summary').waitFor();
	assert.match(await page.locator('#error-summary').textContent(), /验证问题回答错误/);
	assert.equal(await page.getByLabel(/^信件标题/).inputValue(), '建议增加夜间公交线路');
	const q = await page.locator('label[for="f-challenge_answer"]').textContent();
	const m = /(\d+) 加 (\d+)/.exec(q);
	await page.locator('#f-challenge_answer').fill(String(Number(m[1]) + Number(m[2])));
	await page.getByRole('button', { name: '提交信件' }).click();
	await page.getByRole('heading', { name: '信件已提交' }).waitFor();
	const strong = page.locator('dl.fields strong');
	no = (await strong.nth(0).textContent()).trim();
	code = (await strong.nth(1).textContent()).trim();
	assert.match(no, /^XJ\d{16}$/);
	assert.match(code, /^[2-9A-HJ-NP-Z]{8}$/);
	await page.screenshot({ path: join(SHOTS, 'letters-1-submitted.png'), fullPage: true });
});

test('the office routes it, the department replies and publishes', async () => {
	await staffLogin('li.na');
	await page.goto(`${env.base}/office/letters`);
	await page.getByRole('link', { name: '建议增加夜间公交线路' }).click();
	await page.locator('#f-org').selectOption({ label: '石家庄市行政审批局' });
	await page.locator('#f-reason').fill('请市行政审批局会同交通部门办理');
	await page.getByRole('button', { name: '转办' }).click();
	await page.getByText('已转办').first().waitFor();
	await logoutForm(page);
	await staffLogin('liu.yang');
	await page.goto(`${env.base}/office/letters`);
	await page.getByRole('link', { name: '建议增加夜间公交线路' }).click();
	await page.locator('#f-reply').fill('感谢您的建议，已协调增开21:30末班车。');
	await page.getByRole('button', { name: '提交答复' }).click();
	await page.getByRole('button', { name: /在网站公开/ }).click();
	await page.getByRole('link', { name: '查看' }).waitFor();
	await page.screenshot({ path: join(SHOTS, 'letters-2-office.png'), fullPage: true });
	await logoutForm(page);
});

test('the citizen queries with the code and rates the reply', async () => {
	await page.goto(`${env.base}/letters/query`);
	await page.getByLabel('信件编号').fill(no);
	await page.getByLabel('查询码').fill(code);
	await page.getByRole('button', { name: '查询' }).click();
	await page.getByText('已协调增开21:30末班车').waitFor();
	await page.getByLabel('满意', { exact: true }).check();
	await page.getByRole('button', { name: '提交评价' }).click();
	await page.getByText('您的评价：满意').waitFor();
	await page.goto(`${env.base}/letters/${no}`);
	const text = await page.locator('main').textContent();
	assert.ok(text.includes('赵**'));
	assert.ok(!text.includes('赵晓明'));
	assert.ok(text.includes('138****5678'));
	assert.ok(!text.includes('13812345678'));
	await page.screenshot({ path: join(SHOTS, 'letters-3-public.png'), fullPage: true });
});
