// Browser test of 网上审批: a citizen registers on the portal and applies
// for 户外广告设施设置许可 with uploaded materials; the window clerk sends a
// 一次性补正告知; the citizen uploads the correction; the clerk accepts;
// the 局长 approves; the citizen downloads the sealed decision, checks it
// on the public verification page, and rates the service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBrowserEnv, INITIAL_PW, loginForm, changePasswordForm, logoutForm } from './lib.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const ITEM = '11130100400000077E3000120004000';	// 户外广告设施设置许可
const CITIZEN_PW = 'Citizen#2026';
const STAFF_PW = 'Approve#2026';
let env, page, appNo;

/* A valid GB 11643 number: region 130102, born 1990-03-07, sequence 123. */
function idNumber() {
	const body = '13010219900307123';
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	let s = 0;
	for (let i = 0; i < 17; i++)
		s += Number(body[i]) * w[i];
	return body + '10X98765432'[s % 11];
}
const ID = idNumber();

const pdf = (name) => ({ name, mimeType: 'application/pdf',
	buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024, 66), Buffer.from('\n%%EOF\n')]) });

async function citizenLogin() {
	await page.goto(`${env.base}/login`);
	await page.locator('#login').fill(ID);
	await page.locator('#password').fill(CITIZEN_PW);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function citizenLogout() {
	await page.getByRole('button', { name: '退出' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/my'));
}

async function staffLogin(login, first) {
	await page.goto(`${env.base}/office/login`);
	await loginForm(page, login, first ? INITIAL_PW : STAFF_PW);
	if (first)
		await changePasswordForm(page, INITIAL_PW, STAFF_PW);
	await page.getByRole('heading', { level: 1 }).first().waitFor();
}

function status() {
	return page.locator('#status');
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

test('a citizen registers and applies online with uploaded materials', async () => {
	await page.goto(`${env.base}/register?kind=person`);
	await page.getByLabel('姓名').fill('赵晓明');
	await page.getByLabel('身份证号').fill(ID);
	await page.getByLabel('手机号码').fill('13812345678');
	await page.getByLabel('设置密码').fill(CITIZEN_PW);
	await page.getByLabel('确认密码').fill(CITIZEN_PW);
	await page.getByRole('button', { name: '注册' }).click();
	await page.waitForURL(/\/my\/(\?.*)?$/);
	await page.goto(`${env.base}/services/${ITEM}/apply`);
	await page.getByRole('heading', { name: /在线申请/ }).waitFor();
	await page.locator('#f_applicant').fill('赵晓明');
	await page.locator('#f_region').fill('130102');
	await page.locator('#f_location').fill('长安区中山东路88号临街外墙');
	await page.locator('#f_kind').selectOption('招牌');
	await page.locator('#f_area').fill('6');
	await page.locator('#f_until').fill('2027-12-31');
	// A wrong region code comes back with the field's message and nothing saved.
	await page.locator('#f_region').fill('999999');
	await page.getByLabel('上传户外广告设施设置申请表').setInputFiles(pdf('申请表.pdf'));
	await page.getByLabel('上传设置位置实景图及效果图').setInputFiles(pdf('效果图.pdf'));
	await page.getByLabel('上传场地或建筑物所有权人同意设置的证明').setInputFiles(pdf('同意证明.pdf'));
	await page.getByRole('button', { name: '提交申请' }).click();
	await page.locator('.field-error').first().waitFor();
	assert.match(await page.locator('#form-error').textContent(), /行政区划|区划/);
	await page.locator('#f_region').fill('130102');
	await page.getByLabel('上传户外广告设施设置申请表').setInputFiles(pdf('申请表.pdf'));
	await page.getByLabel('上传设置位置实景图及效果图').setInputFiles(pdf('效果图.pdf'));
	await page.getByLabel('上传场地或建筑物所有权人同意设置的证明').setInputFiles(pdf('同意证明.pdf'));
	await page.getByRole('button', { name: '提交申请' }).click();
	await page.getByRole('heading', { name: '申请已提交' }).waitFor();
	appNo = (await page.locator('#app-no').textContent()).trim();
	assert.match(appNo, /^SP\d{16}$/);
	assert.match((await page.locator('#query-code').textContent()).trim(), /^[2-9A-Z]{8}$/);
	await page.screenshot({ path: join(SHOTS, 'approvals-applied.png'), fullPage: true });
	await citizenLogout();
});

test('the clerk asks once for a correction', async () => {
	await staffLogin('liu.yang', true);
	await page.goto(`${env.base}/office/applications`);
	await page.getByRole('link', { name: appNo }).click();
	assert.equal(await status().textContent(), '待受理');
	await page.getByLabel(/需要补正的全部内容/).fill('效果图须标注尺寸\n同意证明须加盖产权单位公章');
	await page.getByRole('button', { name: '发出补正告知书' }).click();
	await page.getByRole('status').filter({ hasText: '已办理' }).waitFor();
	assert.equal(await status().textContent(), '待补正');
	await logoutForm(page);
});

test('the citizen uploads the corrected materials', async () => {
	await citizenLogin();
	await page.goto(`${env.base}/my/applications/${appNo}`);
	await page.getByRole('listitem').filter({ hasText: '效果图须标注尺寸' }).first().waitFor();
	await page.getByLabel('设置位置实景图及效果图').setInputFiles(pdf('效果图-标注尺寸.pdf'));
	await page.getByRole('button', { name: '提交补正材料' }).click();
	await page.getByRole('status').filter({ hasText: '补正材料已提交' }).waitFor();
	assert.equal(await status().textContent(), '待受理');
	await citizenLogout();
});

test('the clerk accepts and the 局长 approves', async () => {
	await staffLogin('liu.yang', false);
	await page.goto(`${env.base}/office/applications/${appNo}`);
	await page.getByRole('button', { name: '受理', exact: true }).click();
	await page.getByRole('status').filter({ hasText: '已办理' }).waitFor();
	assert.equal(await status().textContent(), '审查中');
	await page.locator('#promised').waitFor();
	await logoutForm(page);
	await staffLogin('wang.fang', true);
	await page.goto(`${env.base}/office/applications/${appNo}`);
	await page.getByLabel('理由或说明').fill('符合设置规划');
	await page.getByRole('button', { name: '作出决定' }).click();
	await page.getByRole('status').filter({ hasText: '已办理' }).waitFor();
	assert.equal(await status().textContent(), '准予许可（待送达）');
	await page.getByRole('button', { name: '已制证送达' }).click();
	await page.getByRole('status').filter({ hasText: '已办理' }).waitFor();
	assert.equal(await status().textContent(), '已办结');
	await logoutForm(page);
});

test('the citizen opens the sealed decision, verifies it and rates the service', async () => {
	await citizenLogin();
	await page.goto(`${env.base}/my/applications/${appNo}`);
	assert.equal(await status().textContent(), '已办结');
	await page.getByRole('link', { name: '准予许可决定书' }).click();
	await page.getByText('决定准予行政许可').waitFor();
	assert.match(await page.locator('.seal-note').textContent(), /有效/);
	await page.goto(`${env.base}/my/applications/${appNo}`);
	await page.getByRole('link', { name: '核验' }).click();
	await page.getByText('电子印章有效').waitFor();
	await page.goto(`${env.base}/my/applications/${appNo}`);
	await page.getByLabel('满意', { exact: true }).check();
	await page.getByLabel('意见建议（选填）').fill('窗口答复及时');
	await page.getByRole('button', { name: '提交评价' }).click();
	await page.getByText('4 星').waitFor();
	await page.screenshot({ path: join(SHOTS, 'approvals-rated.png'), fullPage: true });
});
