-- Analytics (issue 10, handling time at 1,000,000 cases): the handling time is reported at 2 significant figures
-- (0.734 → 0.73, 5.46 → 5.5, 12.3 → 12, 123 → 120), so its distribution keeps a bounded number of distinct values
-- per group instead of one per case (used working minutes are fractional). The median and p90 are computed over the
-- rounded values; the mean stays exact, from the handled count and the exact sum of hours kept beside the counts.
-- This function is the SQL twin of `roundHandlingHours` (src/domain/rates.ts); the raw path and the rollup both call
-- it, so the rollup equals the raw computation. The float is taken to numeric first (15 significant digits, as
-- PostgreSQL converts) and rounded half away from zero.
create function round_handling_hours(h double precision) returns double precision
  language sql immutable strict parallel safe
  as $$ select case when h <= 0 then 0::float8 else round(h::numeric, 1 - floor(log(h::numeric))::int)::float8 end $$;

-- Valid cases with an ended working-hours resolve clock, and the exact sum of their hours (numeric: the sum does not
-- depend on the order rows are added in, so a month of days equals the month rebuilt).
alter table analytics_daily add column handled int not null default 0, add column handled_hours numeric not null default 0;
alter table analytics_hourly add column handled int not null default 0, add column handled_hours numeric not null default 0;
alter table analytics_monthly add column handled int not null default 0, add column handled_hours numeric not null default 0;
