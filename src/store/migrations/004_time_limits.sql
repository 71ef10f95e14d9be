-- Time limits that stay right (issue 6): one preset family per organisation, extension requests decided by the
-- person the policy names, takeover, and clocks that remember their paused spans and the customer's deadline.

-- The organisation's preset family; null: the one of its trade (organisations.trade).
alter table sla_settings add column family text check (family in ('property', 'general', 'agency_chain', 'restaurant'));

-- A policy row belongs to one family (null: every family). The rules of the row that decides the resolve clock:
-- who approves an extension, whether the case is taken over by the complaint center when it fails or the customer
-- is dissatisfied, and the severity a dissatisfied return visit raises the case to.
alter table sla_policies
  add column family text check (family in ('property', 'general', 'agency_chain', 'restaurant')),
  add column extension_approver text check (extension_approver in ('project_manager', 'company_manager', 'department_head', 'complaint_center')),
  add column takeover boolean not null default false,
  add column dissatisfied_severity text check (dissatisfied_severity in ('minor', 'important', 'major', 'crisis'));

-- Policies seeded before families: each gets its seed's family and the rules the seeds state; 004's severity table
-- is for complaints, and the inquiry's 24 h ranks above it, so no severity turns 24 h into days.
update sla_policies set family = 'general', extension_approver = 'department_head' where name = 'general_complaint' and family is null;
update sla_policies set family = 'property', kind = 'complaint', extension_approver = 'project_manager',
    max_extension = coalesce(max_extension, '{"amount": 3, "unit": "natural_days"}')
  where name = 'minor' and family is null;
update sla_policies set family = 'property', kind = 'complaint', extension_approver = 'company_manager',
    max_extension = coalesce(max_extension, '{"amount": 7, "unit": "natural_days"}')
  where name = 'important' and family is null;
update sla_policies set family = 'property', kind = 'complaint' where name = 'major' and family is null;
update sla_policies set family = 'agency_chain', unit_kind = null, takeover = true where name = 'real_estate_store' and family is null;
update sla_policies set family = 'agency_chain' where name = 'media_exposure' and family is null;
update sla_policies set priority = 25 where name = 'inquiry' and priority = 10;
-- The rows the families add, for organisations seeded before them (app/sla/seed.ts seeds new ones).
insert into sla_policies (org_id, id, name, priority, kind, severity, family, targets, max_extension, extension_approver, dissatisfied_severity, source)
select s.org_id, gen_random_uuid(), p.name, p.priority, p.kind, p.severity, p.family, p.targets::jsonb, p.max_extension::jsonb, p.approver, p.dissatisfied, p.source
  from sla_settings s cross join (values
    ('general_suggestion', 10, 'suggestion', null, 'general', '{"resolve": {"amount": 5, "unit": "working_days"}}', null, null, null, '001 三.2'),
    ('property_complaint', 10, 'complaint', null, 'property', '{"resolve": {"amount": 2, "unit": "natural_days"}}', '{"amount": 3, "unit": "natural_days"}', 'project_manager', null, '004 五'),
    ('crisis', 20, 'complaint', 'crisis', 'property', '{"first_contact": {"amount": 2, "unit": "natural_days"}, "resolve": {"amount": 10, "unit": "natural_days"}}', null, null, null, '004 五 (as major)'),
    ('restaurant_complaint', 10, 'complaint', null, 'restaurant', '{"resolve": {"amount": 1, "unit": "end_of_working_day"}}', null, null, 'important', '003 第三篇 第一类抱怨'),
    ('restaurant_second_class', 20, 'complaint', 'important', 'restaurant', '{"resolve": {"amount": 1, "unit": "end_of_working_day"}}', null, null, null, '003 第三篇 第二类抱怨')
  ) as p(name, priority, kind, severity, family, targets, max_extension, approver, dissatisfied, source)
on conflict (org_id, name) do nothing;

-- Clocks: the spans they were paused (to measure the time used again in another unit), a deadline the customer
-- asked for when it counts, and the extension request waiting for its approver.
alter table case_clocks
  add column paused_spans jsonb not null default '[]',
  add column requested_due_at timestamptz,
  add column extension_request jsonb;

-- Escalation on breach goes to the department head first (the handler was warned at 50 % / 80 %): the default
-- ladder loses its handler rung.
update escalation_ladders set levels = jsonb_set(levels - 0, '{0,delay}', '{"amount": 0, "unit": "natural_hours"}')
  where name = 'default' and levels -> 0 ->> 'target' = 'handler' and jsonb_array_length(levels) > 1;

-- Media exposure 媒体曝光 (003 第一篇 二(一)): "如能证明媒体所述与实际情况不符，需在5日内做出澄清，澄清刊登媒体必须为原媒体
-- 或同级媒体，逾期未做出澄清的……视为所曝光情况属实". The 5-day `clarify` clock runs only once the report is judged
-- false; the clarification records the medium, whether it is the original or a same-level one, and its date.
alter table case_clocks drop constraint case_clocks_kind_check;
alter table case_clocks add constraint case_clocks_kind_check check (kind in ('acknowledge', 'first_contact', 'resolve', 'visit', 'clarify'));
create table media_exposures (
  org_id uuid not null,
  case_id uuid not null,
  verdict text not null check (verdict in ('false', 'true')),
  judged_at timestamptz not null,
  judged_by uuid not null,
  -- { medium, medium_level: original | same_level, published_on, recorded_at, recorded_by }
  clarification jsonb,
  -- The clarify clock expired without a clarification: the exposure is treated as true.
  treated_as_true_at timestamptz,
  primary key (org_id, case_id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
update sla_policies set targets = '{"clarify": {"amount": 5, "unit": "natural_days"}}', family = null
  where name = 'media_exposure' and targets ? 'resolve' and not targets ? 'clarify';
