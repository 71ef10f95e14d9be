-- Columns that several capabilities read and write (issue 6), declared once so that each can build on them.
-- received_at: when the organisation received what the customer raised (a letter, a 12345 transfer), which can
--   be earlier than created_at (when it was registered); the clocks start from it. Null on rows registered
--   before this migration: read it as coalesce(received_at, created_at).
-- requested_due_at: a deadline the customer asked for (004 五 "或按客户要求的期限"); counts when sooner.
-- severity_given: the severity was stated (at registration or triage), not the stored default.
-- organisations.trade: the trade whose preset family of time limits, required fields and rules it adopts.
alter table cases
  add column received_at timestamptz,
  add column requested_due_at timestamptz,
  add column severity_given boolean not null default false;
update cases set severity_given = true where validity <> 'pending';

alter table organisations
  add column trade text not null default 'property'
    check (trade in ('property', 'general', 'agency_chain', 'restaurant'));
