-- Core schema: organisations, the unit tree, users, sessions, customers, categories, cases and their events.
-- Every table carries org_id and every key includes it, so the schema can be distributed by organisation.
create extension if not exists pg_trgm;

create table organisations (
  id uuid primary key,
  slug text not null unique,
  name text not null,
  time_zone text not null default 'Asia/Shanghai',
  case_prefix text not null default 'QT',
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table units (
  org_id uuid not null references organisations(id),
  id uuid not null,
  parent_id uuid,
  kind text not null check (kind in ('company','region','store','project','department')),
  name text not null,
  code text,
  is_complaint_center boolean not null default false,
  path uuid[] not null,             -- ancestors including self, root first
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, parent_id) references units(org_id, id)
);
create index units_parent on units (org_id, parent_id);

create table users (
  org_id uuid not null references organisations(id),
  id uuid not null,
  username text not null,
  display_name text not null,
  password_hash text not null,
  roles text[] not null,
  unit_id uuid not null,
  phone text,
  email text,
  locale text not null default 'zh-CN',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, username),
  foreign key (org_id, unit_id) references units(org_id, id)
);
create index users_username on users (username);

create table sessions (
  token_hash text primary key,
  org_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  foreign key (org_id, user_id) references users(org_id, id)
);

create table customers (
  org_id uuid not null references organisations(id),
  id uuid not null,
  name text not null,
  phone text,
  email text,
  address text,
  room text,
  note text,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
create index customers_phone on customers (org_id, phone);

create table categories (
  org_id uuid not null references organisations(id),
  id uuid not null,
  parent_id uuid,
  code text not null,
  name_zh text not null,
  name_en text not null,
  sort int not null default 0,
  active boolean not null default true,
  primary key (org_id, id),
  unique (org_id, code),
  foreign key (org_id, parent_id) references categories(org_id, id)
);

create table case_number_counters (
  org_id uuid not null references organisations(id),
  day date not null,
  last int not null,
  primary key (org_id, day)
);

create table cases (
  org_id uuid not null references organisations(id),
  id uuid not null,
  number text not null,
  kind text not null,
  channel text not null,
  status text not null,
  version int not null default 1,
  subject text not null,
  content text not null,
  -- who raised it
  customer_id uuid,
  customer_name text not null,
  customer_phone text,
  customer_address text,
  customer_room text,
  customer_email text,
  -- what happened
  occurred_at timestamptz,
  occurred_place text,
  complained_party text,
  complained_unit_id uuid,
  desired_outcome text,
  external_ref text,
  -- triage
  category_id uuid,
  severity text not null default 'minor',
  validity text not null default 'pending',
  invalid_explanation text,
  malicious_reason text,
  malicious_reviewer_id uuid,
  -- ownership
  unit_id uuid not null,
  department_id uuid,
  handler_id uuid,
  first_responder_id uuid not null,
  registered_by uuid not null,
  -- work
  investigation jsonb,
  resolution text,
  remedy jsonb,
  answer text,
  feedback_note text,
  visit_satisfaction int,
  visit_resolved boolean,
  visit_comment text,
  suspended_from text,
  suspend_reason text,
  return_reason text,
  close_reason text,
  withdraw_reason text,
  parent_case_id uuid,
  reopen_count int not null default 0,
  escalation_level int not null default 0,
  -- times
  created_at timestamptz not null,
  updated_at timestamptz not null,
  accepted_at timestamptz,
  assigned_at timestamptz,
  resolved_at timestamptz,
  visited_at timestamptz,
  closed_at timestamptz,
  -- search: jieba-segmented words of subject, content and customer, space separated
  search_words text not null default '',
  search_vector tsvector generated always as (array_to_tsvector(string_to_array(search_words, ' '))) stored,
  primary key (org_id, id),
  unique (org_id, number),
  foreign key (org_id, unit_id) references units(org_id, id),
  foreign key (org_id, department_id) references units(org_id, id),
  foreign key (org_id, customer_id) references customers(org_id, id),
  foreign key (org_id, category_id) references categories(org_id, id),
  foreign key (org_id, parent_case_id) references cases(org_id, id)
);
create index cases_org_created on cases (org_id, created_at desc, id desc);
create index cases_org_status on cases (org_id, status, created_at desc);
create index cases_org_unit on cases (org_id, unit_id, created_at desc);
create index cases_org_department on cases (org_id, department_id, created_at desc);
create index cases_org_handler on cases (org_id, handler_id, created_at desc);
create index cases_org_customer on cases (org_id, customer_id, created_at desc);
create index cases_org_responder on cases (org_id, first_responder_id, created_at desc);
create index cases_search on cases using gin (search_vector);
create index cases_number_trgm on cases using gin (number gin_trgm_ops);

create table case_events (
  org_id uuid not null,
  id bigint generated always as identity,
  case_id uuid not null,
  at timestamptz not null,
  actor_id uuid,
  action text not null,
  from_status text,
  to_status text,
  note text,
  data jsonb,
  primary key (org_id, id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
create index case_events_case on case_events (org_id, case_id, id);

create table attachments (
  org_id uuid not null,
  id uuid not null,
  case_id uuid not null,
  filename text not null,
  mime text not null,
  size int not null,
  sha256 text not null,
  storage_path text not null,
  uploaded_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
create index attachments_case on attachments (org_id, case_id);

create table idempotency_keys (
  org_id uuid not null,
  user_id uuid not null,
  key text not null,
  request_hash text not null,
  case_id uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, user_id, key)
);
