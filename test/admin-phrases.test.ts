import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findForbiddenPhrases } from '../src/app/phrases/phrases.ts';
import { PHRASE_PRESETS } from '../src/domain/phrase-presets.ts';
import { TRADES } from '../src/contract/enums.ts';
import { testApi, testPool, type TestApi } from './helpers.ts';

let pool: pg.Pool;
let t: TestApi;
let admin: string;
let agent: string;

const SEEDS = '/work/shared/seeds';
const seed = (prefix: string) => readFileSync(path.join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(prefix))!), 'utf8');

beforeAll(async () => {
  pool = testPool();
  t = await testApi(pool);
  admin = await t.login('admin');
  agent = await t.login('agent');
});
afterAll(async () => {
  await t.app.close();
  await pool.end();
});

describe('standard phrases (服务用语) and phrases never to use', () => {
  it('quotes the seeds: 003 第三篇 forbids "没有的事" and "绝不可能", and every standard preset is said in a seed', () => {
    // 003 第三篇 投诉处理技巧 5: 对客人提的不实意见也不要说:"没有的事"、"绝不可能"等语言
    expect(seed('003')).toContain('对客人提的不实意见也不要说:“没有的事”、“绝不可能”等语言');
    const all = [seed('001'), seed('003'), seed('004')].join('\n').normalize('NFKC').replace(/\s/g, '');
    for (const trade of TRADES) {
      const forbidden = PHRASE_PRESETS[trade].filter((p) => p.kind === 'forbidden').map((p) => p.text);
      expect(forbidden).toEqual(expect.arrayContaining(['没有的事', '绝不可能']));
      for (const p of PHRASE_PRESETS[trade].filter((x) => x.kind === 'standard')) {
        // Quoted: its last ten characters are in a seed (the head may drop a "×先生," addressed to the customer).
        const core = p.text.normalize('NFKC').replace(/[,.!?。,、()()]/g, '').slice(-10);
        expect([trade, p.text, all.replace(/[,.!?。,、()()]/g, '').includes(core)]).toEqual([trade, p.text, true]);
      }
    }
  });

  it('serves the trade preset to every reader in exactly the agreed shape', async () => {
    const r = await t.call(agent, 'GET', '/api/v1/phrases');
    expect(r.status).toBe(200);
    const items = r.body.items as { id: string; text: string; kind: string; scene?: string }[];
    expect(items.length).toBe(PHRASE_PRESETS.property.length);
    for (const p of items) {
      expect(Object.keys(p).sort()).toEqual(p.scene ? ['id', 'kind', 'scene', 'text'] : ['id', 'kind', 'text']);
      expect(['standard', 'forbidden']).toContain(p.kind);
    }
    expect(items.filter((p) => p.kind === 'forbidden').map((p) => p.text)).toEqual(expect.arrayContaining(['没有的事', '绝不可能']));
    expect(items.find((p) => p.text === '您好，XXX为您服务。')).toMatchObject({ kind: 'standard', scene: 'greeting' });
    // Standard first, then the phrases never to use.
    expect(items[0]!.kind).toBe('standard');
    expect(items.at(-1)!.kind).toBe('forbidden');
  });

  it('finds forbidden phrases in a text, ignoring full-width punctuation and spaces between the characters', async () => {
    expect(await findForbiddenPhrases(pool, t.org.orgId, '这是没有的事,请您理解')).toEqual(['没有的事']);
    expect(await findForbiddenPhrases(pool, t.org.orgId, '绝 不 可 能!')).toEqual(['绝不可能']);
    expect(await findForbiddenPhrases(pool, t.org.orgId, '非常抱歉地听到此事')).toEqual([]);
    const r = await t.call(agent, 'GET', `/api/v1/phrases/check?text=${encodeURIComponent('没有的事,绝不可能')}`);
    expect(r.body).toEqual({ forbidden: ['没有的事', '绝不可能'] });
  });

  it('lets an administrator add, change and remove phrases; the check follows; duplicates and bad input are 4xx', async () => {
    const add = await t.call(admin, 'POST', '/api/v1/admin/phrases', { text: '你自己看着办', kind: 'forbidden' });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    expect(await findForbiddenPhrases(pool, t.org.orgId, '那你自己看着办吧')).toEqual(['你自己看着办']);
    const dup = await t.call(admin, 'POST', '/api/v1/admin/phrases', { text: '你自己看着办', kind: 'forbidden' });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'duplicate']);

    const std = await t.call(admin, 'POST', '/api/v1/admin/phrases', { text: '感谢您的耐心等待。', kind: 'standard', scene: 'thanks' });
    expect(std.body).toMatchObject({ kind: 'standard', scene: 'thanks', text: '感谢您的耐心等待。' });
    const changed = await t.call(admin, 'PATCH', `/api/v1/admin/phrases/${std.body.id}`, { text: '感谢您耐心等待。', scene: 'closing' });
    expect(changed.body).toMatchObject({ id: std.body.id, text: '感谢您耐心等待。', scene: 'closing' });

    const gone = await t.call(admin, 'DELETE', `/api/v1/admin/phrases/${add.body.id}`);
    expect(gone.status).toBe(204);
    expect(await findForbiddenPhrases(pool, t.org.orgId, '那你自己看着办吧')).toEqual([]);
    expect((await t.call(admin, 'DELETE', `/api/v1/admin/phrases/${add.body.id}`)).status).toBe(404);

    const bad = await t.call(admin, 'POST', '/api/v1/admin/phrases', { text: '', kind: 'rude' });
    expect(bad.status).toBe(400);
    expect((await t.call(agent, 'POST', '/api/v1/admin/phrases', { text: '好', kind: 'standard' })).status).toBe(403);
  });

  it('seeds once: removing every preset phrase does not bring them back', async () => {
    const list = (await t.call(admin, 'GET', '/api/v1/phrases')).body.items as { id: string }[];
    for (const p of list) expect((await t.call(admin, 'DELETE', `/api/v1/admin/phrases/${p.id}`)).status).toBe(204);
    expect((await t.call(admin, 'GET', '/api/v1/phrases')).body.items).toEqual([]);
  });
});
