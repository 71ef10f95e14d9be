-- Issue 8: a registration that is a transaction of its own notes its day for the analytics rollup in its own
-- statement (src/app/cases/register-case.ts) and says so in a transaction-local setting; the statement triggers on
-- inserted cases and clocks then need not run (each was a PL/pgSQL call over a transition table, for one row). Every
-- other insert, and every update and delete, is noted by the triggers as before (migration 020).
drop trigger if exists analytics_cases_insert on cases;
create trigger analytics_cases_insert after insert on cases referencing new table as new_rows
  for each statement when (current_setting('qingting.analytics_marked', true) is distinct from 'on')
  execute function analytics_mark_cases();
drop trigger if exists analytics_clocks_insert on case_clocks;
create trigger analytics_clocks_insert after insert on case_clocks referencing new table as new_rows
  for each statement when (current_setting('qingting.analytics_marked', true) is distinct from 'on')
  execute function analytics_mark_clocks();
