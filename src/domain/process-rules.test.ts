import { describe, expect, it } from 'vitest';
import {
  approvalPartsFor, isDissatisfied, missingRequiredFields, needsSignoff, PROCESS_PRESETS, receivedTimeIssues, rolesWithAuthority, withinAuthority,
} from './process-rules.ts';

const now = new Date('2026-10-08T02:00:00Z');
const limits = PROCESS_PRESETS.property.authority_limits;

describe('process rules', () => {
  it('asks the property preset for the owner’s name, room and phone ("业主姓名、房间号、电话必填", 004)', () => {
    expect(missingRequiredFields(PROCESS_PRESETS.property, { customer: { name: '王先生', room: '  ' } })).toEqual(['customer.room', 'customer.phone']);
    expect(missingRequiredFields(PROCESS_PRESETS.general, { customer: { name: '王先生' } })).toEqual([]);
  });

  it('refuses a received time in the future (beyond a minute of clock skew) or older than the limit, and a requested deadline not after it', () => {
    expect(receivedTimeIssues(now, 365, new Date(now.getTime() + 30_000), undefined)).toEqual([]);
    expect(receivedTimeIssues(now, 365, new Date(now.getTime() + 120_000), undefined)).toEqual([{ path: 'received_at', code: 'in_future' }]);
    expect(receivedTimeIssues(now, 365, new Date('2025-10-07T00:00:00Z'), undefined)).toEqual([{ path: 'received_at', code: 'too_old' }]);
    expect(receivedTimeIssues(now, 365, new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z'))).toEqual([{ path: 'requested_due_at', code: 'not_after_received' }]);
    expect(receivedTimeIssues(now, 365, undefined, new Date('2026-10-09T00:00:00Z'))).toEqual([]);
  });

  it('requires sign-off by kind and severity', () => {
    expect(needsSignoff(PROCESS_PRESETS.property, 'complaint', 'important')).toBe(true);
    expect(needsSignoff(PROCESS_PRESETS.property, 'complaint', 'minor')).toBe(false);
    expect(needsSignoff(PROCESS_PRESETS.property, 'request', 'major')).toBe(false);
  });

  it('lets each role promise compensation up to its limit, the highest of an actor’s roles counting (001 原则 5)', () => {
    expect(withinAuthority(limits, ['handler'], 200)).toBe(true);
    expect(withinAuthority(limits, ['handler'], 200.01)).toBe(false);
    expect(withinAuthority(limits, ['handler', 'unit_manager'], 5000)).toBe(true);
    expect(withinAuthority(limits, ['auditor'], 1)).toBe(false);
    expect(withinAuthority(limits, ['admin'], 10_000_000)).toBe(true);
    expect(rolesWithAuthority(limits, 3000)).toEqual(['unit_manager', 'complaint_center', 'admin']);
  });

  it('lets the head of the resolving department sign off, and a role holding the limit approve the amount', () => {
    const pending = { signoff: { department_id: 'd1' }, authority: { amount: 3000, roles: ['unit_manager' as const] } };
    const head = (unit: string) => ({ roles: ['department_head' as const], inScope: (u: string) => u === unit });
    expect(approvalPartsFor(pending, head('d1'))).toEqual(['signoff']);
    expect(approvalPartsFor(pending, head('d2'))).toEqual([]);
    expect(approvalPartsFor(pending, { roles: ['unit_manager'], inScope: () => true })).toEqual(['authority']);
    expect(approvalPartsFor(null, head('d1'))).toEqual([]);
  });

  it('reads a return visit as dissatisfied when the customer is dissatisfied or says it is not resolved, and a customer not reached as neither', () => {
    expect(isDissatisfied({ reached: true, resolved: true, satisfaction: 'dissatisfied' })).toBe(true);
    expect(isDissatisfied({ reached: true, resolved: false, satisfaction: 'satisfied' })).toBe(true);
    expect(isDissatisfied({ reached: true, resolved: true, satisfaction: 'basically_satisfied' })).toBe(false);
    expect(isDissatisfied({ reached: false })).toBe(false);
  });
});
