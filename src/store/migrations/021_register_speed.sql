-- Issue 8: registration near the limit.
--
-- 1. A version per organisation of everything a registration reads and rarely changes (process settings, SLA
--    settings, policies and ladders, units, categories, calendar days, business hours, the organisation row).
--    Every write to those tables bumps it in the same transaction, so a process that cached them checks one row
--    (src/app/orgs/org-config.ts) and sees an administrator's change made in any process at once.
create table if not exists org_config_versions (
  org_id uuid primary key,
  version bigint not null default 1
);

create or replace function bump_org_config_version() returns trigger language plpgsql as $$
declare
  o uuid;
begin
  o := ((case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end) ->> tg_argv[0])::uuid;
  insert into org_config_versions as v (org_id) values (o) on conflict (org_id) do update set version = v.version + 1;
  return null;
end $$;

do $$
declare
  t record;
begin
  for t in select * from (values ('organisations', 'id'), ('process_settings', 'org_id'), ('sla_settings', 'org_id'),
                                 ('sla_policies', 'org_id'), ('escalation_ladders', 'org_id'), ('units', 'org_id'),
                                 ('categories', 'org_id'), ('calendar_days', 'org_id'), ('business_hours', 'org_id')) as x(tab, col)
  loop
    execute format('drop trigger if exists org_config_bump on %I', t.tab);
    execute format('create trigger org_config_bump after insert or update or delete on %I for each row execute function bump_org_config_version(%L)', t.tab, t.col);
  end loop;
end $$;

-- 2. The foreign key from cases to organisations: a case's unit is (org_id, unit_id) in units, which already proves
--    the organisation exists. The check took a share lock on the one organisation row on every insert, so
--    concurrent registrations of one organisation all went through multixacts on that row.
alter table cases drop constraint if exists cases_org_id_fkey;
