import { describe, expect, it } from 'vitest';
import { ROLES } from '../contract/enums.ts';
import { maskedPhoneSearch } from './masking.ts';
import { ROLE_RIGHTS, rightsOf, rolesMay } from './roles.ts';

describe('the roles table', () => {
  it('has a row for every role', () => {
    expect(Object.keys(ROLE_RIGHTS).sort()).toEqual([...ROLES].sort());
  });

  it('gives the auditor reading and the audit log only', () => {
    expect(rightsOf(['auditor'])).toEqual({ abilities: ['read', 'audit', 'analyse', 'export'], org_wide: true, sees_contact: false, cross_unit: 'none' });
  });

  it('unites the rights of someone holding several roles, taking the widest cross-unit right', () => {
    expect(rightsOf(['auditor', 'unit_manager'])).toEqual({ abilities: ['read', 'register', 'act', 'reveal', 'audit', 'analyse', 'export'], org_wide: true, sees_contact: false, cross_unit: 'within_scope' });
    expect(rolesMay(['handler'], 'administer')).toBe(false);
    expect(rolesMay(['handler', 'admin'], 'administer')).toBe(true);
  });

  it('shows contacts in full to the complaint center and the administrator only', () => {
    expect(ROLES.filter((r) => ROLE_RIGHTS[r].sees_contact).sort()).toEqual(['admin', 'complaint_center']);
  });
});

describe('what someone who sees numbers masked may search by', () => {
  it('accepts the complete number or the last four digits, and nothing in between', () => {
    expect(maskedPhoneSearch('+86 138-1234-5678')).toEqual({ exact: '13812345678' });
    expect(maskedPhoneSearch('5678')).toEqual({ lastFour: '5678' });
    expect(maskedPhoneSearch('45678')).toBeNull();
    expect(maskedPhoneSearch('345678')).toBeNull();
    expect(maskedPhoneSearch('138')).toBeNull();
  });
});
