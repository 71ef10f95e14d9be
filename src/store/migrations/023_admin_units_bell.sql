-- Issue 9, administration: a unit can be deactivated (no new cases routed to it, no users added, gone from the
-- pickers; its old cases still show its path), notifications are read (ordinary notices) or acknowledged
-- (escalations, supervision), and a calendar change queues the recompute of open deadlines for a job instead of
-- running it in the administrator's transaction.
alter table units add column if not exists active boolean not null default true;

alter table notifications add column if not exists read_at timestamptz;
update notifications set read_at = acknowledged_at where read_at is null and acknowledged_at is not null;
create index if not exists notifications_unread on notifications (org_id, recipient_id) where read_at is null;

-- One row per calendar, business-hours or time-zone change still to be applied to the organisation's open clocks;
-- the recompute job (src/jobs/clock-recompute.job.ts) deletes the rows it covered once it committed.
create table if not exists clock_recompute_requests (
  id bigserial primary key,
  org_id uuid not null references organisations(id),
  requested_at timestamptz not null,
  requested_by uuid
);
create index if not exists clock_recompute_requests_org on clock_recompute_requests (org_id, id);
