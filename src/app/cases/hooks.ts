import type { Ctx } from '../context.ts';
import type { CaseRow } from './case-row.ts';

/** Work that other capabilities attach to every case change, inside the same transaction (e.g. the SLA
 * clocks). A registry rather than an import so that cases/ does not depend on what builds on it. */
export interface CaseHooks {
  afterChange(ctx: Ctx, after: CaseRow, action: string, before: CaseRow | null): Promise<void>;
}

const listeners: CaseHooks['afterChange'][] = [];

export const caseHooks: CaseHooks & { on(fn: CaseHooks['afterChange']): void } = {
  on(fn) {
    if (!listeners.includes(fn)) listeners.push(fn);
  },
  async afterChange(ctx, after, action, before) {
    for (const fn of listeners) await fn(ctx, after, action, before);
  },
};
