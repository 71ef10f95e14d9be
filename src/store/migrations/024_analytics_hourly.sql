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
