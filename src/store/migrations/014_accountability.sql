-- Issue 12: accountability (fines as data), corrective action (整改), reviews, difficult customers, retention.
-- Amounts are stored in fen (1/100 yuan) so a 500-yuan fine split three ways stays exact.

-- The organisation's penalty rules, year-end ranking and retention periods (null: its trade's preset).
create table accountability_settings (
  org_id uuid primary key references organisations(id),
  penalties jsonb,
  retention jsonb,
  updated_at timestamptz not null,
  updated_by uuid
);

-- Who a case holds accountable, as a manager determines it (003 第一篇 一): the store, or an agent of it (with
-- the store head), or (restaurant, 003 第三篇) the server with the shift leader and supervisor; whether the store
-- was at fault (the "不是因门店原因" setting reads it); the media the report reached.
create table case_liability (
  org_id uuid not null,
  case_id uuid not null,
  party text not null check (party in ('store', 'agent', 'staff', 'none')),
  store_unit_id uuid,
  person_ids jsonb not null default '{}',   -- { agent, store_head, staff, shift_leader, supervisor }: user ids
  at_fault boolean not null default true,
  media text[] not null default '{}',       -- newspaper | tv: the channels a confirmed report appeared in
  updated_at timestamptz not null,
  updated_by uuid not null,
  primary key (org_id, case_id),
  foreign key (org_id, case_id) references cases(org_id, id)
);

create table fines (
  org_id uuid not null,
  id uuid not null,
  case_id uuid,
  year_end_run_id uuid,
  rule_code text not null,
  store_unit_id uuid,
  amount_fen bigint not null check (amount_fen >= 0),
  state text not null check (state in ('notice', 'paid', 'waived', 'appealed', 'upheld', 'overturned', 'recorded')),
  noticed_at timestamptz not null,
  due_at timestamptz not null,
  paid_at timestamptz,
  appeal jsonb,        -- { reason, evidence, at, by, decision, decided_at, decided_by, note }
  history jsonb not null default '[]',
  created_by uuid,
  primary key (org_id, id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
-- One fine per rule per case: re-assessing a case never charges twice.
create unique index fines_case_rule on fines (org_id, case_id, rule_code) where case_id is not null;
create index fines_org_state on fines (org_id, state, due_at);

-- Who bears a fine: a unit (the whole store 全店共担) or a person, and their part.
create table fine_shares (
  org_id uuid not null,
  fine_id uuid not null,
  party_kind text not null check (party_kind in ('unit', 'user')),
  party_id uuid not null,
  role text not null,
  amount_fen bigint not null,
  primary key (org_id, fine_id, party_kind, party_id, role),
  foreign key (org_id, fine_id) references fines(org_id, id)
);

-- Collected fines go to the chain's other stores (003 第一篇 二(二) "所收罚金将分配至体系其他门店").
create table fine_redistributions (
  org_id uuid not null,
  fine_id uuid not null,
  unit_id uuid not null,
  amount_fen bigint not null,
  computed_at timestamptz not null,
  primary key (org_id, fine_id, unit_id),
  foreign key (org_id, fine_id) references fines(org_id, id)
);

-- The year-end ranking (003 第一篇 三(二)): a draft to review, then posted as fines.
create table year_end_runs (
  org_id uuid not null,
  id uuid not null,
  year int not null,
  state text not null check (state in ('draft', 'posted', 'discarded')),
  ranking jsonb not null,
  created_at timestamptz not null,
  created_by uuid not null,
  posted_at timestamptz,
  posted_by uuid,
  primary key (org_id, id)
);
create unique index year_end_runs_posted on year_end_runs (org_id, year) where state = 'posted';

-- Corrective action 整改.
create table corrective_actions (
  org_id uuid not null,
  id uuid not null,
  title text not null,
  category_id uuid,
  unit_id uuid,
  case_ids uuid[] not null default '{}',
  root_cause text not null,
  plan text not null,
  owner_id uuid not null,
  due_at timestamptz not null,
  check_after_days int not null,
  state text not null check (state in ('open', 'done', 'closed')),
  evidence text,
  done_at timestamptz,
  escalated_at timestamptz,
  checks jsonb not null default '[]',
  created_at timestamptz not null,
  created_by uuid not null,
  closed_at timestamptz,
  primary key (org_id, id)
);
create index corrective_actions_org_state on corrective_actions (org_id, state, due_at);

-- A manager's handling review of a case (004) with a score, or a review 检讨 of a case or a period.
create table reviews (
  org_id uuid not null,
  id uuid not null,
  kind text not null check (kind in ('handling', 'retrospective')),
  case_id uuid,
  period_from date,
  period_to date,
  score int check (score between 1 and 5),
  findings text not null,
  actions text,
  created_at timestamptz not null,
  created_by uuid not null,
  primary key (org_id, id),
  foreign key (org_id, case_id) references cases(org_id, id)
);

-- Difficult customers 难缠客户 (001 六), with the reason; only roles with `account` or `analyse` read it.
create table difficult_customers (
  org_id uuid not null,
  customer_id uuid not null,
  reason text not null,
  created_at timestamptz not null,
  created_by uuid not null,
  primary key (org_id, customer_id),
  foreign key (org_id, customer_id) references customers(org_id, id)
);

-- Retention: a legal hold keeps a case's personal data; anonymised_at marks a case whose personal data is gone.
alter table cases add column legal_hold boolean not null default false;
alter table cases add column anonymised_at timestamptz;
-- The retention job acts on no one's behalf: its audit rows carry no actor.
alter table audit_log alter column actor_id drop not null;

-- A malicious determination (003 第一篇 一(三)) appealed with evidence, decided by a reviewer.
create table malicious_appeals (
  org_id uuid not null,
  case_id uuid not null,
  reason text not null,
  evidence text,
  appealed_at timestamptz not null,
  appealed_by uuid not null,
  decision text check (decision in ('upheld', 'overturned')),
  decided_at timestamptz,
  decided_by uuid,
  note text,
  primary key (org_id, case_id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
