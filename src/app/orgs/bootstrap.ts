import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { withTx } from '../../store/db.ts';
import { createOrganisation } from './create-organisation.ts';
import { createDemoOrg, generateLifecycleCases } from './demo.ts';
import { createChainDemoOrg } from './demo-chain.ts';

/**
 * First start of an empty database: creates the `admin` user (password from QINGTING_ADMIN_PASSWORD, or a
 * generated one returned to be printed once), in the demo organisation when `demo` is on, else in a bare
 * organisation. Does nothing when an organisation exists. Safe when two processes start at once. A generated
 * password must be changed at the first sign-in.
 */
export async function bootstrap(pool: pg.Pool, opts: { adminPassword?: string | undefined; demo: boolean; demoCases?: number }) {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(727275)');
    const any = await client.query('select 1 from organisations limit 1');
    if (any.rowCount) return { created: false as const };
    const password = opts.adminPassword ?? randomBytes(9).toString('base64url');
    if (opts.demo) {
      const org = await createDemoOrg(pool, password);
      await generateLifecycleCases(pool, org, opts.demoCases ?? 300);
      await createChainDemoOrg(pool, password);
    } else {
      await withTx(pool, (tx) =>
        createOrganisation(tx, {
          slug: 'default',
          name: 'Qingting',
          preset: 'property_management',
          units: [{ key: 'company', kind: 'company', name: '总公司' }, { key: 'center', kind: 'department', name: '客户投诉中心', parent: 'company', is_complaint_center: true }],
          users: [{ username: 'admin', display_name: '系统管理员', roles: ['admin'], unit: 'company', password }],
        }),
      );
    }
    // A generated password was printed to a console (and perhaps a log): its owner must replace it at first
    // sign-in. One set by QINGTING_ADMIN_PASSWORD was chosen by the operator and is kept.
    if (!opts.adminPassword) await pool.query(`update users set must_change_password = true where username = 'admin'`);
    return { created: true as const, generatedPassword: opts.adminPassword ? undefined : password, demo: opts.demo };
  } finally {
    try {
      await client.query('select pg_advisory_unlock(727275)');
      client.release();
    } catch (err) {
      // Destroying the connection ends its database session, which frees the lock.
      client.release(err as Error);
    }
  }
}
