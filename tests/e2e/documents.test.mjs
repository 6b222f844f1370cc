// Browser test of 公文: a clerk drafts a 通知 with an attachment and sends
// it for review; the leader approves and signs it off; the clerk issues it
// (number, seal) and checks the GB/T 9704 print view; the receiving
// department's clerk signs for it (签收) and completes it (办结); the
// sender sees the recipient's state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW, loginForm, changePasswordForm, logoutForm } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const TITLE = '关于做好国庆期间政务服务工作的通知';
const NEW_PW = 'Doc#Flow-2026';
let env, page, docUrl;

async function loginAs(login, first = true) {
	await env.page.goto(`${env.base}/office/login`);
	await loginForm(page, login, first ? INITIAL_PW : NEW_PW);
	if (first)
		await changePasswordForm(page, INITIAL_PW, NEW_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
}

function status() {
	return page.locator('dl.kv dt:has-text("状态") + dd');
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

test('the clerk drafts a 通知 with an attachment and sends it to the leader', async () => {
	await loginAs('li.na');
	await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '公文管理' }).click();
	await page.getByRole('link', { name: '起草公文' }).click();
	await page.getByLabel('文种').selectOption('通知');
	await page.getByLabel('标题').fill(TITLE);
	await page.getByLabel('紧急程度').selectOption('加急');
	await page.getByLabel('主送机关').selectOption({ label: '石家庄市行政审批局' });
	await page.getByLabel('正文').fill('各有关单位：\n现就国庆期间政务服务有关事项通知如下。');
	await page.getByLabel('上传附件').setInputFiles({ name: '值班安排表.pdf', mimeType: 'application/pdf',
		buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 65), Buffer.from('\n%%EOF\n')]) });
	await page.getByRole('button', { name: '保存草稿' }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	docUrl = page.url().replace(/\?.*$/, '');
	assert.equal(await status().textContent(), '草稿');
	await page.getByRole('link', { name: '值班安排表.pdf' }).waitFor();
	await page.getByRole('checkbox', { name: /张伟/ }).check();
	await page.getByRole('button', { name: '送审' }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	assert.equal(await status().textContent(), '审核中');
	await logoutForm(page);
});

test('the leader approves and signs it off', async () => {
	await loginAs('zhang.wei');
	await page.goto(docUrl);
	await page.getByLabel('意见').fill('同意，请按程序办理');
	await page.getByRole('button', { name: '同意' }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	assert.equal(await status().textContent(), '待签发');
	await page.getByRole('button', { name: '签发', exact: true }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	assert.equal(await status().textContent(), '已签发');
	await logoutForm(page);
});

test('the clerk issues it: number, seal, print view by GB/T 9704', async () => {
	await loginAs('li.na', false);
	await page.goto(docUrl);
	await page.getByRole('button', { name: '核发' }).click();
	await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
	assert.equal(await status().textContent(), '已核发');
	const year = new Date().getFullYear();
	// the demo government issued two documents already
	await page.locator('dd', { hasText: `石政办〔${year}〕3号` }).waitFor();
	await page.getByRole('status').filter({ hasText: '印章有效' }).waitFor();
	const steps = await page.locator('section:has(h2:has-text("办文单")) tbody td:first-child').allTextContents();
	assert.deepEqual(steps, ['起草', '送审', '审核', '签发', '复核', '登记', '核发']);
	await page.screenshot({ path: join(SHOTS, 'document.png'), fullPage: true });
	await page.getByRole('link', { name: '打印版式' }).click();
	await page.locator('.issuer-mark', { hasText: '石家庄市人民政府办公室文件' }).waitFor();
	const red = await page.locator('.issuer-mark').evaluate((el) => getComputedStyle(el).color);
	assert.equal(red, 'rgb(204, 0, 0)');
	await page.locator('.printed', { hasText: '印发' }).waitFor();
	await page.screenshot({ path: join(SHOTS, 'document-print.png'), fullPage: true });
	await page.goto(`${env.base}/office/`);
	await logoutForm(page);
});

test('the receiving clerk signs for it and completes it; the sender sees 已办结', async () => {
	await loginAs('liu.yang');
	await page.getByRole('navigation', { name: '工作台导航' }).getByRole('link', { name: '收文' }).click();
	const row = page.locator('tr', { hasText: TITLE });
	await row.getByRole('button', { name: '签收' }).click();
	await page.locator('tr', { hasText: TITLE }).getByText(/已签收（收〔\d{4}〕2号）/).waitFor();
	await page.locator('tr', { hasText: TITLE }).getByRole('button', { name: '办结' }).click();
	await page.locator('tr', { hasText: TITLE }).getByText('已办结').waitFor();
	await page.screenshot({ path: join(SHOTS, 'inbox.png'), fullPage: true });
	await logoutForm(page);
	await loginAs('li.na', false);
	await page.goto(docUrl);
	await page.locator('section:has(h2:has-text("分发与签收情况")) tr', { hasText: '石家庄市行政审批局' })
		.getByText('已办结').waitFor();
});
