-- The process rules of issue 6 (DOMAIN.md §2).
-- direct_answer: the case was settled at first contact with the `answer` action (004 场景一); the statistics'
--   direct-answer rate reads it.
-- visit_*: the 12345 return-visit questions. visit_satisfaction was a 1–5 score: 4–5 read as satisfied, 3 as
--   basically satisfied, 1–2 as dissatisfied (the old rule reopened at ≤ 2). Old visits reached the customer.
-- approval_pending: what a resolution still needs before the customer is told, e.g.
--   {"signoff": {"department_id": "…"}, "authority": {"amount": 3000, "roles": ["unit_manager", …]}};
--   null when nothing is pending (003 第二篇 3.5.3, 004 签字认可, 001 原则 5).
-- crisis_decided_*: the top level's decision on a crisis case, before anyone answers (003 第三篇 不要擅自回应).
alter table cases
  add column direct_answer boolean not null default false,
  add column visit_reached boolean,
  add column visit_method text check (visit_method in ('phone', 'visit', 'message')),
  add column approval_pending jsonb,
  add column crisis_decision text,
  add column crisis_decided_at timestamptz,
  add column crisis_decided_by uuid;

alter table cases alter column visit_satisfaction type text using (
  case when visit_satisfaction is null then null
       when visit_satisfaction >= 4 then 'satisfied'
       when visit_satisfaction = 3 then 'basically_satisfied'
       else 'dissatisfied' end);
alter table cases add constraint cases_visit_satisfaction_check
  check (visit_satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied'));
update cases set visit_reached = true where visited_at is not null;
update cases set direct_answer = true where answer is not null;

-- An organisation's process settings (registration's required fields, the received-time limit, sign-off and
-- authority limits). No row: the preset of organisations.trade applies.
create table process_settings (
  org_id uuid primary key references organisations(id),
  settings jsonb not null,
  updated_at timestamptz not null default now()
);
