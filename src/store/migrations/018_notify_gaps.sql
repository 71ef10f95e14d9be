-- Issue 11, the remaining gaps: the customer's language and contact preferences, WeChat Official Account template
-- messages out, and staff group robots per unit (department or project).

-- The language a customer is written to in (null: zh-CN), set from the portal's language when they submit, at
-- registration, or through the contact-preferences API.
alter table customers add column if not exists locale text check (locale in ('zh-CN', 'en-US'));

-- The WeChat follower (OpenID of the organisation's Official Account) a customer wrote in as, recorded by the
-- message callback: template messages can reach only a follower whose OpenID we know.
alter table customers add column if not exists wechat_openid text;
create unique index if not exists customers_wechat_openid on customers (org_id, wechat_openid) where wechat_openid is not null;

-- The customer's preferred channel may now be WeChat, or none (the customer does not want to be told).
alter table customers drop constraint if exists customers_preferred_channel_check;
alter table customers add constraint customers_preferred_channel_check check (preferred_channel in ('sms', 'email', 'wechat', 'none'));

-- WeChat template messages are a channel of the outbox like SMS and e-mail.
alter table notify_channels drop constraint if exists notify_channels_channel_check;
alter table notify_channels add constraint notify_channels_channel_check check (channel in ('email', 'sms', 'dingtalk', 'wecom', 'wechat'));
alter table outbox drop constraint if exists outbox_channel_check;
alter table outbox add constraint outbox_channel_check check (channel in ('email', 'sms', 'dingtalk', 'wecom', 'wechat', 'webhook'));

-- The Official Account's access_token, shared by every dispatcher process (WeChat invalidates the previous token
-- when a new one is fetched, so each process fetching its own would make the others fail).
create table wechat_access_tokens (
  org_id uuid primary key references organisations(id),
  app_id text not null,
  access_token text not null,
  expires_at timestamptz not null
);

-- A staff group robot configured on a unit: a breach reaches the nearest unit's group up the tree from the case's
-- department, else the organisation's (notify_channels).
create table unit_robots (
  org_id uuid not null,
  unit_id uuid not null,
  channel text not null check (channel in ('dingtalk', 'wecom')),
  enabled boolean not null default true,
  config jsonb not null default '{}',
  secrets jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (org_id, unit_id, channel),
  foreign key (org_id, unit_id) references units(org_id, id)
);

-- Which unit's robot a group message goes to (null: the organisation's).
alter table outbox add column if not exists robot_unit_id uuid;
