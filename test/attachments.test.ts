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

  it('takes a plain-text statement and serves it back as UTF-8 text', async () => {
    const text = Buffer.from('业主陈述：3号楼电梯本周停了三次。\n', 'utf8');
    const r = await upload(text, 'text/plain; charset=utf-8', '业主陈述.txt');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ mime: 'text/plain', size: text.length });
    const dl = await download(r.body.id);
    expect(dl.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(dl.rawPayload.equals(text)).toBe(true);
  });

  it('checks every declared type against the file’s first bytes', async () => {
    const zip = (...names: string[]) => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), ...names.map((n) => Buffer.from(n, 'latin1'))]);
    const cases: [type: string, good: Buffer[], bad: Buffer[]][] = [
      ['audio/mpeg', [Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'), Buffer.from([0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0])], [Buffer.from('not audio at all'), Buffer.from([0xff, 0xe8, 0x90, 0x64])]],
      ['audio/amr', [Buffer.from('#!AMR\n\x3c', 'latin1')], [Buffer.from('#!AMX\n')]],
      ['video/mp4', [Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00', 'latin1')], [Buffer.from('\x00\x00\x00\x18moov', 'latin1')]],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', [zip('[Content_Types].xml', 'word/document.xml')], [zip('[Content_Types].xml', 'xl/workbook.xml'), zip('word/document.xml'), Buffer.from('PK')]],
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', [zip('[Content_Types].xml', 'xl/workbook.xml')], [zip('[Content_Types].xml', 'word/document.xml')]],
      ['text/plain', [Buffer.from('plain words'), Buffer.from('\ufeff带 BOM 的文字')], [Buffer.from('nul\x00inside'), Buffer.from([0x61, 0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80])]],
      ['image/jpeg', [Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])], [Buffer.from([0xff, 0xd8, 0x00])]],
    ];
    for (const [type, good, bad] of cases) {
      for (const b of good) expect([type, 'good', b.toString('hex'), (await upload(b, type, 'f.bin')).status]).toEqual([type, 'good', b.toString('hex'), 201]);
      for (const b of bad) {
        const r = await upload(b, type, 'f.bin');
        expect([type, 'bad', b.toString('hex'), r.status, r.body.error.code]).toEqual([type, 'bad', b.toString('hex'), 415, 'attachment_type_not_allowed']);
      }
    }
  });

  it('serves a download as an attachment under its Chinese name and forbids sniffing its type', async () => {
    const r = await upload(PNG, 'image/png', '现场(1) 照片\'s.png');
    const dl = await download(r.body.id);
    expect(dl.headers['content-disposition']).toBe(`attachment; filename="__(1) __'s.png"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%281%29%20%E7%85%A7%E7%89%87%27s.png`);
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(decodeURIComponent(String(dl.headers['content-disposition']).split("UTF-8''")[1]!)).toBe('现场(1) 照片\'s.png');
  });

  it('refuses a file name with a NUL byte, in the query or the X-Filename header, and stores nothing', async () => {
    const before = (await t.call(agent, 'GET', `/api/v1/cases/${caseId}`)).body.attachments.length;
    for (const url of ['filename=a%00b.png', 'filename=%00']) {
      const r = await t.call(agent, 'POST', `/api/v1/cases/${caseId}/attachments?${url}`, PNG, { 'content-type': 'image/png' });
      expect([url, r.status, r.body.error.code]).toEqual([url, 400, 'invalid_text']);
    }
    const nul = await t.call(agent, 'POST', `/api/v1/cases/${caseId}/attachments`, PNG, { 'content-type': 'image/png', 'x-filename': 'a\u0000b.png' });
    expect([nul.status, nul.body.error.code]).toEqual([400, 'invalid_text']);
    expect((await t.call(agent, 'GET', `/api/v1/cases/${caseId}`)).body.attachments.length).toBe(before);
  });
});

const download = (id: string) => t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments/${id}`, headers: { authorization: `Bearer ${agent}` } });
