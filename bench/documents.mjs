// bench/documents.mjs -- the 公文 API flow against a running zhengwu
// (driven by bench/documents.sh; node 20, no npm packages).
//
//   node bench/documents.mjs BASE_URL
//
// Set-up (not timed): the admin, li.na (clerk, 石家庄市人民政府办公室)
// and zhang.wei (leader, same office) log in and change their initial
// password; the admin creates ZW_BENCH_DOC_ORGS organizations under
// 石家庄市人民政府 (code "sjz") through POST /api/v1/orgs, with
// ZW_BENCH_DOC_SETUP_CONC requests in flight (each gets its SM2 seal key
// from the server).
//
// Timed, ZW_BENCH_DOC_RUNS times: upload a fresh 1 MiB PDF (random bytes,
// so every upload is really written), draft a 通知 with all the new
// organizations as 主送 and the PDF as attachment, submit with no
// reviewers (straight to 签发), sign off as zhang.wei, issue as li.na.
// Each step is one request on a kept-alive connection; the time of each
// is measured here, from sending the request to the last byte of the
// response.
//
// Output on stdout: "key=value" lines for the shell script; progress on
// stderr.  Exits non-zero on any unexpected answer.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const BASE = process.argv[2];
if (!BASE) {
	process.stderr.write('usage: node bench/documents.mjs BASE_URL\n');
	process.exit(2);
}
const PASS_INIT = process.env.ZW_PASS_INIT || 'Zw#Pass2026';
const PASS_NEW = process.env.ZW_PASS_NEW || 'Bench#Pass2026-x';
const NORGS = Number(process.env.ZW_BENCH_DOC_ORGS || 1000);
const RUNS = Number(process.env.ZW_BENCH_DOC_RUNS || 5);
const CONC = Number(process.env.ZW_BENCH_DOC_SETUP_CONC || 8);
const ATT_BYTES = Number(process.env.ZW_BENCH_DOC_ATT_BYTES || 1 << 20);

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const url = new URL(BASE);

function log(s) { process.stderr.write(s + '\n'); }
function out(k, v) { process.stdout.write(`${k}=${v}\n`); }
function die(s) { log('error: ' + s); process.exit(1); }

/* One request; resolves {status, text, json, ms, bytes}. */
function req(method, path, { token, json, body, headers = {} } = {}) {
	return new Promise((resolve, reject) => {
		const h = { ...headers };
		let data = body;
		if (json !== undefined) {
			data = Buffer.from(JSON.stringify(json));
			h['Content-Type'] = 'application/json';
		}
		if (token)
			h.Authorization = `Bearer ${token}`;
		if (data !== undefined)
			h['Content-Length'] = data.length;
		const t0 = process.hrtime.bigint();
		const r = http.request({ host: url.hostname, port: url.port, method, path,
		    headers: h, agent }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => {
				const ms = Number(process.hrtime.bigint() - t0) / 1e6;
				const buf = Buffer.concat(chunks);
				const text = buf.toString('utf8');
				let j = null;
				try { j = JSON.parse(text); } catch { /* not JSON */ }
				resolve({ status: res.statusCode, text, json: j, ms, bytes: buf.length });
			});
			res.on('error', reject);
		});
		r.on('error', reject);
		r.end(data);
	});
}

function expect(r, status, what) {
	if (r.status !== status)
		die(`${what}: HTTP ${r.status} (expected ${status}): ${r.text.slice(0, 500)}`);
	return r;
}

/* Log in, change the initial password (the session stays valid). */
async function ready(login) {
	let r = await req('POST', '/api/v1/session', { json: { login, password: PASS_INIT } });
	if (r.status === 401)	/* a second run on the same data: already changed */
		r = await req('POST', '/api/v1/session', { json: { login, password: PASS_NEW } });
	expect(r, 200, `login ${login}`);
	const token = r.json.token;
	if (r.json.must_change_password)
		expect(await req('POST', '/api/v1/me/password', { token,
		    json: { old_password: PASS_INIT, new_password: PASS_NEW } }), 200, `password ${login}`);
	return token;
}

async function listAll(path, token) {
	const items = [];
	let cursor = null;
	do {
		const sep = path.includes('?') ? '&' : '?';
		const r = expect(await req('GET', `${path}${sep}limit=500${cursor ? '&cursor=' + cursor : ''}`,
		    { token }), 200, `GET ${path}`);
		items.push(...r.json.items);
		cursor = r.json.next_cursor;
	} while (cursor);
	return items;
}

function median(a) {
	const s = [...a].sort((x, y) => x - y);
	const n = s.length;
	return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
const f1 = (x) => x.toFixed(1);

function multipart(filename, type, data) {
	const boundary = '----zwbench' + randomBytes(8).toString('hex');
	const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ` +
	    `name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return { body: Buffer.concat([head, data, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

async function main() {
	const admin = await ready('admin');
	const orgs = await listAll('/api/v1/orgs', admin);
	const sjz = orgs.find((o) => o.code === 'sjz');
	if (!sjz)
		die('organization "sjz" (石家庄市人民政府) not found: was the data dir made with --demo?');

	/* ---- 1,000 recipient organizations (not timed as the benchmark) ---- */
	const ids = orgs.filter((o) => o.code.startsWith('bench-')).map((o) => o.id);
	const todo = [];
	for (let i = ids.length + 1; i <= NORGS; i++)
		todo.push(i);
	const t0 = performance.now();
	let next = 0;
	async function worker() {
		while (next < todo.length) {
			const i = todo[next++];
			const code = `bench-${String(i).padStart(4, '0')}`;
			const r = await req('POST', '/api/v1/orgs', { token: admin, json: {
				code, name: `石家庄市基准测试单位${i}`, region_code: '130102',
				parent_id: sjz.id, kind: 'unit', sort_order: i } });
			expect(r, 201, `POST /api/v1/orgs ${code}`);
			ids.push(r.json.id);
		}
	}
	await Promise.all(Array.from({ length: CONC }, worker));
	const setupS = (performance.now() - t0) / 1000;
	if (ids.length < NORGS)
		die(`only ${ids.length} bench organizations`);
	const recipients = ids.slice(0, NORGS);
	log(`created ${todo.length} organizations in ${setupS.toFixed(2)} s (${CONC} in flight)`);
	out('orgs_created', todo.length);
	out('orgs_setup_s', setupS.toFixed(2));

	const clerk = await ready('li.na');
	const leader = await ready('zhang.wei');

	/* ---- timed runs ---- */
	const steps = ['upload', 'draft', 'submit', 'sign', 'issue'];
	const t = Object.fromEntries(steps.map((s) => [s, []]));
	const total = [];
	let issueBytes = 0, draftBytes = 0, lastDoc = 0;
	for (let run = 1; run <= RUNS; run++) {
		/* a PDF by its signature; random bytes: a new blob every run */
		const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(ATT_BYTES - 16),
		    Buffer.from('\n%%EOF\n')]);
		const m = multipart('实施方案.pdf', 'application/pdf', pdf);
		const r = {};
		r.upload = expect(await req('POST', '/api/v1/blobs', { token: clerk,
		    headers: { 'Content-Type': m.type }, body: m.body }), 201, 'upload');
		if (r.upload.json.size !== ATT_BYTES)
			die(`upload size ${r.upload.json.size}, expected ${ATT_BYTES}`);
		r.draft = expect(await req('POST', '/api/v1/documents', { token: clerk, json: {
			doc_type: '通知', title: `关于做好2026年度政务服务效能提升工作的通知（基准${run}）`,
			body: '各有关单位：\n为进一步提升政务服务效能，现就有关事项通知如下。\n'.repeat(20),
			urgency: '加急', main_to: recipients, attachments: [r.upload.json.id] } }),
		    201, 'draft');
		const id = r.draft.json.id;
		r.submit = expect(await req('POST', `/api/v1/documents/${id}/submit`,
		    { token: clerk, json: { reviewers: [] } }), 200, 'submit');
		if (r.submit.json.status !== 'reviewed')	/* no reviewers: straight to 签发 */
			die(`status after submit: ${r.submit.json.status}`);
		r.sign = expect(await req('POST', `/api/v1/documents/${id}/sign-off`,
		    { token: leader, json: { opinion: '同意印发' } }), 200, 'sign-off');
		r.issue = expect(await req('POST', `/api/v1/documents/${id}/issue`,
		    { token: clerk, json: {} }), 200, 'issue');
		const doc = r.issue.json;
		if (doc.status !== 'issued')
			die(`status after issue: ${doc.status}`);
		if (!Array.isArray(doc.deliveries) || doc.deliveries.length !== NORGS)
			die(`issue answered ${doc.deliveries?.length} deliveries, expected ${NORGS}`);
		let sum = 0;
		for (const s of steps) {
			t[s].push(r[s].ms);
			sum += r[s].ms;
		}
		total.push(sum);
		issueBytes = r.issue.bytes;
		draftBytes = r.draft.bytes;
		lastDoc = id;
		log(`run ${run}: ${doc.doc_no}: ` + steps.map((s) => `${s} ${f1(r[s].ms)}`).join(', ') +
		    ` ms; total ${f1(sum)} ms`);
	}
	for (const s of steps) {
		out(`${s}_ms_median`, f1(median(t[s])));
		out(`${s}_ms_all`, t[s].map(f1).join(','));
	}
	out('total_ms_median', f1(median(total)));
	out('total_ms_min', f1(Math.min(...total)));
	out('total_ms_max', f1(Math.max(...total)));
	out('total_ms_all', total.map(f1).join(','));
	out('issue_ms_min', f1(Math.min(...t.issue)));
	out('issue_ms_max', f1(Math.max(...t.issue)));
	out('issue_response_bytes', issueBytes);
	out('draft_response_bytes', draftBytes);
	out('last_doc', lastDoc);

	/* ---- after the runs: the seal verifies; a recipient sees it ---- */
	const v = expect(await req('GET', `/api/v1/documents/${lastDoc}/verification`,
	    { token: clerk }), 200, 'verification');
	if (v.json.valid !== true)
		die(`verification of document ${lastDoc}: ${v.text.slice(0, 300)}`);
	out('verification_ms', f1(v.ms));
	out('signed_data_bytes', Buffer.from(v.json.signed_data_b64, 'base64').length);
	const g = expect(await req('GET', `/api/v1/documents/${lastDoc}`, { token: clerk }), 200, 'get');
	out('get_ms', f1(g.ms));
	agent.destroy();
}

main().catch((e) => die(e.stack || String(e)));
