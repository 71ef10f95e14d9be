-- Analytics (issue 10): the denominator of the league tables — households a project serves (or 1 for a store:
-- complaints per store). Optional; a unit without it is ranked by its count alone.
alter table units add column if not exists households int check (households > 0);
