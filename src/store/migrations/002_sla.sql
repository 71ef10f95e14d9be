-- Deadlines (DOMAIN.md §3–4): working-day calendars, business hours, SLA policies, escalation ladders,
-- the clocks of every case and the notification outbox. Every key includes org_id.

-- Per organisation: warning thresholds, and a version bumped on every calendar change (caches compare it).
create table sla_settings (
  org_id uuid primary key references organisations(id),
  warn_thresholds double precision[] not null default '{0.5,0.8}',
  calendar_version int not null default 1,
  seeded_at timestamptz not null default now()
);

-- Days that differ from the Mon–Fri week. source: official (chinese-days, editable), org, unit (unit_id set).
-- Later sources win: official < org < unit (root first along the unit's path).
create table calendar_days (
  org_id uuid not null references organisations(id),
  id uuid not null,
  unit_id uuid,
  date date not null,
  kind text not null check (kind in ('closed', 'working')),
  source text not null check (source in ('official', 'org', 'unit')),
  name text,
  primary key (org_id, id),
  unique nulls not distinct (org_id, unit_id, source, date),
  foreign key (org_id, unit_id) references units(org_id, id),
  check ((source = 'unit') = (unit_id is not null))
);
create index calendar_days_org_date on calendar_days (org_id, date);

-- Working periods of a unit (unit_id null: the organisation's default); the nearest unit up the tree wins.
create table business_hours (
  org_id uuid not null references organisations(id),
  id uuid not null,
  unit_id uuid,
  periods jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  unique nulls not distinct (org_id, unit_id),
  foreign key (org_id, unit_id) references units(org_id, id)
);

-- levels: [{ "target": "handler"|"department_head"|"unit_manager"|"complaint_center", "delay": {amount, unit} }]
create table escalation_ladders (
  org_id uuid not null references organisations(id),
  id uuid not null,
  name text not null,
  is_default boolean not null default false,
  levels jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, name)
);
create unique index escalation_ladders_one_default on escalation_ladders (org_id) where is_default;

-- Matching: an absent (null) field matches anything; per clock kind the highest priority wins.
create table sla_policies (
  org_id uuid not null references organisations(id),
  id uuid not null,
  name text not null,
  priority int not null default 0,
  kind text,
  severity text,
  category_id uuid,
  channel text,
  unit_id uuid,
  unit_kind text,
  targets jsonb not null,
  max_extension jsonb,
  ladder_id uuid,
  active boolean not null default true,
  source text,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, name),
  foreign key (org_id, category_id) references categories(org_id, id),
  foreign key (org_id, unit_id) references units(org_id, id),
  foreign key (org_id, ladder_id) references escalation_ladders(org_id, id)
);

-- One row per case and clock kind. `used`/`budget` are minutes in the clock's measure (domain/sla.ts).
-- next_check_at: when the sweeper must look next (warning, due time, next escalation level); null = never.
create table case_clocks (
  org_id uuid not null,
  case_id uuid not null,
  kind text not null check (kind in ('acknowledge', 'first_contact', 'resolve', 'visit')),
  cycle int not null default 1,
  policy text,
  target jsonb not null,
  ladder_id uuid,
  unit text not null,
  started_at timestamptz not null,
  due_at timestamptz not null,
  original_due_at timestamptz not null,
  budget double precision not null,
  used double precision not null default 0,
  segment_start timestamptz,
  state text not null check (state in ('running', 'paused', 'met', 'breached')),
  met_at timestamptz,
  breached_at timestamptz,
  breach_recorded boolean not null default false,
  warned double precision[] not null default '{}',
  escalation_step int not null default 0,
  next_escalation_at timestamptz,
  next_check_at timestamptz,
  extensions jsonb not null default '[]',
  updated_at timestamptz not null,
  primary key (org_id, case_id, kind),
  foreign key (org_id, case_id) references cases(org_id, id)
);
-- The sweeper's claim: `where next_check_at <= now order by next_check_at limit n for update skip locked`.
create index case_clocks_next_check on case_clocks (next_check_at) where next_check_at is not null;
create index case_clocks_org_next_check on case_clocks (org_id, next_check_at) where next_check_at is not null;
create index case_clocks_org_due on case_clocks (org_id, due_at) where met_at is null;

-- The outbox: written in the same transaction as the change; acknowledged by the person notified.
create table notifications (
  org_id uuid not null references organisations(id),
  id uuid not null,
  recipient_id uuid not null,
  case_id uuid,
  kind text not null,
  level int,
  channel text not null default 'in_app',
  dedupe_key text not null,
  payload jsonb not null default '{}',
  created_at timestamptz not null,
  delivered_at timestamptz,
  attempts int not null default 0,
  acknowledged_at timestamptz,
  primary key (org_id, id),
  unique (org_id, recipient_id, dedupe_key),
  foreign key (org_id, recipient_id) references users(org_id, id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
create index notifications_recipient on notifications (org_id, recipient_id, created_at desc);
create index notifications_case on notifications (org_id, case_id);
create index notifications_undelivered on notifications (created_at) where delivered_at is null;
