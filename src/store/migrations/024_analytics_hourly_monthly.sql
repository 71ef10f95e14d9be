-- Analytics (issue 10, speed at 1,000,000 cases): the rollup also per UTC hour, so the partial days at the ends of
-- a period (a month "from now minus 30 days to now" has two) are read from at most 24 hour rows per grouping set and
-- value instead of every case of those days. Without them the raw work at the edges grew with the cases per day.
-- `day` is the organisation's local day of the cases in the row (an hour that straddles local midnight in a
-- half-hour time zone has a row per day), so a day's rebuild replaces exactly its hour rows. The grouping sets are
-- those of analytics_daily but the finest (all dimensions: one row per case, nothing to gain); see rollup.ts.
create table analytics_hourly (like analytics_daily);
alter table analytics_hourly add column hour timestamptz not null;
create index analytics_hourly_org_gset_hour on analytics_hourly (org_id, gset, hour);
create index analytics_hourly_org_day on analytics_hourly (org_id, day);

create table analytics_hourly_handling (like analytics_handling);
alter table analytics_hourly_handling add column hour timestamptz not null;
create index analytics_hourly_handling_org_gset_hour on analytics_hourly_handling (org_id, gset, hour);
create index analytics_hourly_handling_org_day on analytics_hourly_handling (org_id, day);

-- And per local month (issue 10, a year at 1,000,000 cases): the sums of analytics_daily over each month's days, so
-- a year reads 12 rows per value instead of 365 — the difference that remains for roles that need the finer sets.
-- `day` is the month's first day. Recomputed from analytics_daily whenever one of the month's days is rebuilt; a
-- month holding a day the triggers noted is read from its days instead.
create table analytics_monthly (like analytics_daily);
create index analytics_monthly_org_gset_day on analytics_monthly (org_id, gset, day);
create table analytics_monthly_handling (like analytics_handling);
create index analytics_monthly_handling_org_gset_day on analytics_monthly_handling (org_id, gset, day);
