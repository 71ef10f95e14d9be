-- Issue 12 follow-up: fines follow liability changes; retention reaches attachments.

-- A fine that no longer applies after the liability facts or the validity of its case changed is `withdrawn` (a
-- recorded state change, never a delete); a paid one is flagged for refund or review instead (`review`).
alter table fines drop constraint fines_state_check;
alter table fines add constraint fines_state_check
  check (state in ('notice', 'paid', 'waived', 'appealed', 'upheld', 'overturned', 'recorded', 'withdrawn'));
alter table fines add column review jsonb;   -- { reason: 'refund' | 'liability_changed', at, by, rule_code } or null
-- One standing fine per rule per case: a withdrawn one makes room for its replacement.
drop index fines_case_rule;
create unique index fines_case_rule on fines (org_id, case_id, rule_code) where case_id is not null and state <> 'withdrawn';

-- Retention deletes an expired case's stored files and their names; the row (type, size, time) stays for counts.
alter table attachments add column purged_at timestamptz;
