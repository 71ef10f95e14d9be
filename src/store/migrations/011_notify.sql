-- Issue 11 "Out": notifications delivered. An outbox of messages to customers (e-mail, SMS), staff group robots
-- (DingTalk, WeCom) and webhook subscribers, written in the state change's transaction and delivered by the
-- dispatcher job (src/jobs/outbox.job.ts) with a log row per attempt.

-- The channel a customer prefers to be told on (null: SMS when there is a phone, else e-mail).
alter table customers add column if not exists preferred_channel text check (preferred_channel in ('sms', 'email'));

-- Per organisation and channel: settings (host, keys, robot URLs) and secrets. The API never returns a secret.
create table notify_channels (
  org_id uuid not null references organisations(id),
  channel text not null check (channel in ('email', 'sms', 'dingtalk', 'wecom')),
  enabled boolean not null default true,
  config jsonb not null default '{}',
  secrets jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (org_id, channel)
);

-- An organisation's own wording of a message (the defaults live in src/app/notify/templates.ts).
create table message_templates (
  org_id uuid not null references organisations(id),
  event text not null,
  locale text not null check (locale in ('zh-CN', 'en-US')),
  subject text not null,
  body text not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, event, locale)
);

-- Webhook subscriptions: signed POSTs of the events listed.
create table webhook_subscriptions (
  org_id uuid not null references organisations(id),
  id uuid not null,
  url text not null,
  events text[] not null,
  secret text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

-- One message to deliver. Customers are not users: a customer message carries its address; a staff group
-- message carries the robot's channel only; a webhook names its subscription.
create table outbox (
  org_id uuid not null references organisations(id),
  id uuid not null,
  channel text not null check (channel in ('email', 'sms', 'dingtalk', 'wecom', 'webhook')),
  event text not null,
  recipient text not null check (recipient in ('customer', 'user', 'group', 'subscriber')),
  recipient_user_id uuid,
  subscription_id uuid,
  address text,
  case_id uuid,
  locale text not null default 'zh-CN',
  payload jsonb not null default '{}',
  dedupe_key text,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'dead')),
  attempts int not null default 0,
  budget int not null default 6,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz,
  primary key (org_id, id),
  unique (org_id, dedupe_key),
  foreign key (org_id, case_id) references cases(org_id, id)
);
create index outbox_due on outbox (next_attempt_at) where status = 'pending';
create index outbox_stale on outbox (lease_until) where status = 'sending';
create index outbox_dead on outbox (org_id, created_at desc) where status = 'dead';
create index outbox_case on outbox (org_id, case_id);

-- Every delivery attempt, successful or not.
create table outbox_attempts (
  org_id uuid not null,
  outbox_id uuid not null,
  attempt int not null,
  at timestamptz not null,
  ok boolean not null,
  error text,
  response text,
  duration_ms int not null,
  primary key (org_id, outbox_id, attempt),
  foreign key (org_id, outbox_id) references outbox(org_id, id)
);

-- One-time codes for the portal's tracking page: only a hash is kept, they expire, and they are throttled.
create table tracking_codes (
  id bigserial primary key,
  org_id uuid not null references organisations(id),
  case_number text not null,
  phone text not null,
  code_hash text not null,
  expires_at timestamptz not null,
  tries int not null default 0,
  used_at timestamptz,
  address text not null,
  created_at timestamptz not null
);
create index tracking_codes_lookup on tracking_codes (org_id, case_number, phone, created_at desc);
create index tracking_codes_address on tracking_codes (address, created_at);
