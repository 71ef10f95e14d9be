-- Issue 7 "Personal data": every reveal of a customer's full contact details (and every search by a complete
-- phone number by someone who sees numbers masked) is recorded here, with who, when, why and on what. The
-- auditor and the administrator read it through GET /api/v1/audit. Rows are only ever inserted.
create table audit_log (
  org_id uuid not null references organisations(id),
  id bigserial not null,
  at timestamptz not null,
  actor_id uuid not null,
  action text not null,
  case_id uuid,
  customer_id uuid,
  -- Which personal fields were shown in full, e.g. {customer_phone}.
  fields text[] not null default '{}',
  reason text,
  data jsonb,
  primary key (org_id, id),
  foreign key (org_id, actor_id) references users(org_id, id)
);
create index audit_log_org_at on audit_log (org_id, at desc, id desc);
create index audit_log_org_actor on audit_log (org_id, actor_id, at desc);
create index audit_log_org_action on audit_log (org_id, action, at desc);
-- Customers are listed to scoped roles through the cases they may see.
create index if not exists customers_org_created on customers (org_id, created_at desc);
