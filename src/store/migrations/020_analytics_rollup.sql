-- Analytics (issue 10, speed): the dashboard's counts pre-aggregated per organisation × local day × grouping set
-- (see src/app/analytics/rollup.ts for the columns and the grouping sets, docs/analytics.md for the design).
--
-- Maintenance: triggers on cases and case_clocks only note which (organisation, local day) changed in
-- analytics_dirty (one small append per statement, no lock shared between registrations); the rollup job rebuilds
-- those days from the raw cases. Until it has, the queries read the dirty days from the raw cases, so every figure
-- equals the raw computation whether or not the job has caught up.

-- Which organisations have a built rollup, and with which settings (a change of time zone, repeat_days or layout
-- means every day must be rebuilt; the queries read the raw cases until it has been).
create table analytics_state (
  org_id uuid primary key references organisations(id) on delete cascade,
  time_zone text not null,
  repeat_days int not null,
  -- The layout of the rollup (grouping sets and columns, `ROLLUP_LAYOUT` in rollup.ts): a new layout is rebuilt.
  layout text not null default '',
  built_at timestamptz not null
);

-- Days whose rollup rows are stale. Appended to by the triggers, consumed (deleted) by the rollup job.
create table analytics_dirty (
  id bigserial primary key,
  org_id uuid not null,
  day date not null
);
create index analytics_dirty_org_day on analytics_dirty (org_id, day);

-- Counts per day and grouping set. gset is PostgreSQL's grouping() bit mask over (unit_id, department_id,
-- category_id, kind, channel, severity, handler_id, first_responder_id, building): a 1 bit means "summed over".
-- A dimension not grouped in a row's set is null there; a grouped dimension may be null as a value (no category).
create table analytics_daily (
  org_id uuid not null,
  day date not null,
  gset int not null,
  unit_id uuid,
  department_id uuid,
  category_id uuid,
  kind text,
  channel text,
  severity text,
  handler_id uuid,
  first_responder_id uuid,
  building text,
  registered int not null,
  merged int not null,
  withdrawn int not null,
  invalid int not null,
  malicious int not null,
  valid int not null,
  direct_answer int not null,
  resolved int not null,
  visited int not null,
  visit_resolved int not null,
  visit_satisfied int not null,
  visit_basically_satisfied int not null,
  visit_dissatisfied int not null,
  reopened int not null,
  escalated int not null,
  extended int not null,
  repeat int not null,
  acknowledge_ended int not null,
  acknowledge_met int not null,
  first_contact_ended int not null,
  first_contact_met int not null,
  resolve_ended int not null,
  resolve_met int not null,
  visit_ended int not null,
  visit_met int not null
);
create index analytics_daily_org_gset_day on analytics_daily (org_id, gset, day);

-- Handling time (working hours, the resolve clock's used minutes / 60) of valid cases: how many cases per distinct
-- value, per day and grouping set, so the median and p90 stay exact (not a histogram approximation).
create table analytics_handling (
  org_id uuid not null,
  day date not null,
  gset int not null,
  unit_id uuid,
  department_id uuid,
  category_id uuid,
  kind text,
  channel text,
  severity text,
  handler_id uuid,
  first_responder_id uuid,
  building text,
  hours double precision not null,
  n int not null
);
create index analytics_handling_org_gset_day on analytics_handling (org_id, gset, day);

-- Statement-level: the distinct local days of the changed cases, and — because a case is a "repeat" when the same
-- customer complained in the same category before — the days of that customer's later cases in that category.
-- An update counts only when a column the counts read changed (not the subject, updated_at, search words…).
create function analytics_mark_cases() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into analytics_dirty (org_id, day)
    with changed as (select n.org_id, n.created_at, n.customer_id, n.category_id from new_rows n)
    select distinct d.org_id, (d.created_at at time zone g.time_zone)::date
      from (select a.org_id, a.created_at from changed a
            union all
            select later.org_id, later.created_at from changed a
              join cases later on later.org_id = a.org_id and later.customer_id = a.customer_id and later.category_id = a.category_id and later.created_at > a.created_at
             where a.customer_id is not null and a.category_id is not null) d
      join organisations g on g.id = d.org_id;
  elsif tg_op = 'DELETE' then
    insert into analytics_dirty (org_id, day)
    with changed as (select o.org_id, o.created_at, o.customer_id, o.category_id from old_rows o)
    select distinct d.org_id, (d.created_at at time zone g.time_zone)::date
      from (select a.org_id, a.created_at from changed a
            union all
            select later.org_id, later.created_at from changed a
              join cases later on later.org_id = a.org_id and later.customer_id = a.customer_id and later.category_id = a.category_id and later.created_at > a.created_at
             where a.customer_id is not null and a.category_id is not null) d
      join organisations g on g.id = d.org_id;
  else
    insert into analytics_dirty (org_id, day)
    with changed as (
      select x.org_id, x.created_at, x.customer_id, x.category_id
        from old_rows o join new_rows n on n.org_id = o.org_id and n.id = o.id
       cross join lateral (values (o.org_id, o.created_at, o.customer_id, o.category_id), (n.org_id, n.created_at, n.customer_id, n.category_id)) x(org_id, created_at, customer_id, category_id)
       where (o.created_at, o.status, o.validity, o.unit_id, o.department_id, o.category_id, o.kind, o.channel, o.severity, o.handler_id, o.first_responder_id, o.customer_id, o.customer_room, o.resolved_at, o.visited_at, o.visit_resolved, o.visit_satisfaction, o.direct_answer, o.reopen_count, o.escalation_level)
             is distinct from
             (n.created_at, n.status, n.validity, n.unit_id, n.department_id, n.category_id, n.kind, n.channel, n.severity, n.handler_id, n.first_responder_id, n.customer_id, n.customer_room, n.resolved_at, n.visited_at, n.visit_resolved, n.visit_satisfaction, n.direct_answer, n.reopen_count, n.escalation_level))
    select distinct d.org_id, (d.created_at at time zone g.time_zone)::date
      from (select a.org_id, a.created_at from changed a
            union all
            select later.org_id, later.created_at from changed a
              join cases later on later.org_id = a.org_id and later.customer_id = a.customer_id and later.category_id = a.category_id and later.created_at > a.created_at
             where a.customer_id is not null and a.category_id is not null) d
      join organisations g on g.id = d.org_id;
  end if;
  return null;
end $$;

create trigger analytics_cases_insert after insert on cases referencing new table as new_rows
  for each statement execute function analytics_mark_cases();
create trigger analytics_cases_update after update on cases referencing old table as old_rows new table as new_rows
  for each statement execute function analytics_mark_cases();
create trigger analytics_cases_delete after delete on cases referencing old table as old_rows
  for each statement execute function analytics_mark_cases();

-- Clocks: the on-time rates, extensions and handling time. Only the columns those read.
create function analytics_mark_clocks() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into analytics_dirty (org_id, day)
      select distinct c.org_id, (c.created_at at time zone g.time_zone)::date
        from new_rows k join cases c on c.org_id = k.org_id and c.id = k.case_id join organisations g on g.id = c.org_id;
  elsif tg_op = 'DELETE' then
    insert into analytics_dirty (org_id, day)
      select distinct c.org_id, (c.created_at at time zone g.time_zone)::date
        from old_rows k join cases c on c.org_id = k.org_id and c.id = k.case_id join organisations g on g.id = c.org_id;
  else
    insert into analytics_dirty (org_id, day)
      select distinct c.org_id, (c.created_at at time zone g.time_zone)::date
        from old_rows o join new_rows n on n.org_id = o.org_id and n.case_id = o.case_id and n.kind = o.kind
        join cases c on c.org_id = n.org_id and c.id = n.case_id join organisations g on g.id = c.org_id
       where (o.state, o.breached_at, o.extensions, o.used, o.unit) is distinct from (n.state, n.breached_at, n.extensions, n.used, n.unit);
  end if;
  return null;
end $$;

create trigger analytics_clocks_insert after insert on case_clocks referencing new table as new_rows
  for each statement execute function analytics_mark_clocks();
create trigger analytics_clocks_update after update on case_clocks referencing old table as old_rows new table as new_rows
  for each statement execute function analytics_mark_clocks();
create trigger analytics_clocks_delete after delete on case_clocks referencing old table as old_rows
  for each statement execute function analytics_mark_clocks();
