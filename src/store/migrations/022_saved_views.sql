-- Issue 9: a staff user's own saved case-list filters ("saved views"), shown beside the queues.
-- Each row belongs to one user; nobody else reads or deletes it.
create table if not exists saved_views (
  org_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  name text not null check (length(name) between 1 and 60),
  query jsonb not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, user_id) references users (org_id, id) on delete cascade,
  unique (org_id, user_id, name)
);
