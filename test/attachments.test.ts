import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { complaint, testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let agent: string;
let caseId: string;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  agent = await t.login('agent');
  caseId = (await t.call(agent, 'POST', '/api/v1/cases', complaint())).body.id;
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

const upload = (body: Buffer, type: string, name = '现场照片.png') =>
  t.call(agent, 'POST', `/api/v1/cases/${caseId}/attachments?filename=${encodeURIComponent(name)}`, body, { 'content-type': type });

describe('evidence attachments', () => {
  it('stores a photo under the data dir, lists it on the case and serves it back byte for byte', async () => {
    const r = await upload(PNG, 'image/png');
    expect(r.status).toBe(201);
    const c = (await t.call(agent, 'GET', `/api/v1/cases/${caseId}`)).body;
    expect(c.attachments).toEqual([expect.objectContaining({ id: r.body.id, filename: '现场照片.png', mime: 'image/png', size: PNG.length })]);
    expect(c.timeline.at(-1)).toMatchObject({ action: 'attach', note: '现场照片.png' });
    const onDisk = await readFile(path.join(t.dataDir, 'attachments', t.org.orgId, caseId, r.body.id));
    expect(onDisk.equals(PNG)).toBe(true);
    const dl = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments/${r.body.id}`, headers: { authorization: `Bearer ${agent}` } });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses types we do not take, and bytes that are not what the type claims', async () => {
    const exe = await upload(Buffer.from('MZ\x90\x00'), 'application/x-msdownload', 'a.exe');
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('attachment_type_not_allowed');
    const fake = await upload(Buffer.from('not really a png'), 'image/png');
    expect(fake.status).toBe(415);
  });

  it('refuses a file over 10 MB and keeps what was stored', async () => {
    const before = (await t.call(agent, 'GET', `/api/v1/cases/${caseId}`)).body.attachments.length;
    const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 10)]);
    const r = await upload(big, 'image/png');
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('attachment_too_large');
    expect((await t.call(agent, 'GET', `/api/v1/cases/${caseId}`)).body.attachments.length).toBe(before);
  });

  it('needs a file name', async () => {
    const r = await t.call(agent, 'POST', `/api/v1/cases/${caseId}/attachments`, PNG, { 'content-type': 'image/png' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe('filename');
  });
});
