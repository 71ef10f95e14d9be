-- Issue 9: standard phrases (服务用语) staff insert while registering and answering, and phrases never to use
-- (003 第三篇 "不要说：'没有的事'、'绝不可能'"), which the workbench warns about. Each organisation gets its trade's
-- preset once (phrases_seeded), then edits its own rows.
create table if not exists phrases (
  org_id uuid not null references organisations(id),
  id uuid not null,
  kind text not null check (kind in ('standard', 'forbidden')),
  text text not null check (length(text) between 1 and 500),
  scene text,
  sort int not null default 0,
  source text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, kind, text)
);

alter table organisations add column if not exists phrases_seeded boolean not null default false;
