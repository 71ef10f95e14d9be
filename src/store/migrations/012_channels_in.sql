-- Issue 11 (In): channels in. Organisation API tokens (12345 transfers) and the external work orders they bring.

-- An organisation's API token: only its SHA-256 is stored; the token acts as the administrator who created it
-- (registrations are recorded under that user), and stops working when revoked or when that user is disabled.
create table api_tokens (
  org_id uuid not null references organisations(id),
  id uuid not null,
  name text not null,
  token_hash text not null unique,
  user_id uuid not null,
  -- Where the result of a transfer is reported when its case is resolved (none: not reported).
  report_url text,
  -- The unit the transfers land in (none: the acting administrator's own unit).
  unit_id uuid,
  created_at timestamptz not null,
  revoked_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, user_id) references users(org_id, id)
);

-- An external work order (12345 transfer) and the case it opened: one case per external number, ever.
create table external_transfers (
  org_id uuid not null references organisations(id),
  external_number text not null,
  case_id uuid not null,
  token_id uuid not null,
  received_at timestamptz not null,
  external_due_at timestamptz,
  created_at timestamptz not null,
  -- Reporting the result back: pending until the case is resolved, then sent (with retries) or dead.
  report_state text not null default 'pending' check (report_state in ('pending', 'sent', 'dead', 'none')),
  report_attempts int not null default 0,
  report_next_at timestamptz,
  report_last_error text,
  reported_at timestamptz,
  primary key (org_id, external_number),
  foreign key (org_id, case_id) references cases(org_id, id),
  foreign key (org_id, token_id) references api_tokens(org_id, id)
);
create index external_transfers_pending on external_transfers (report_next_at) where report_state = 'pending';

-- The organisation's WeChat Official Account: the token WeChat signs its callbacks with (a shared secret, so it
-- is kept as given and never returned by the API), the account's id, where cases land and who records them.
create table wechat_accounts (
  org_id uuid primary key references organisations(id),
  token text not null,
  app_id text,
  unit_id uuid,
  user_id uuid not null,
  updated_at timestamptz not null,
  foreign key (org_id, user_id) references users(org_id, id)
);

-- Each follower message handled once (WeChat resends a message it got no answer to), and the case it went to.
create table wechat_messages (
  org_id uuid not null references organisations(id),
  msg_id text not null,
  open_id text not null,
  case_id uuid not null,
  created_at timestamptz not null,
  primary key (org_id, msg_id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
create index wechat_messages_follower on wechat_messages (org_id, open_id, created_at desc);

-- The organisation's mailbox polled over IMAP. The password is kept to log in with and never returned by the
-- API. last_uid / uid_validity: the highest UID processed in that mailbox generation.
create table mailboxes (
  org_id uuid primary key references organisations(id),
  host text not null,
  port int not null,
  secure boolean not null,
  username text not null,
  password text not null,
  folder text not null default 'INBOX',
  unit_id uuid,
  user_id uuid not null,
  uid_validity bigint,
  last_uid bigint not null default 0,
  last_error text,
  updated_at timestamptz not null,
  foreign key (org_id, user_id) references users(org_id, id)
);

-- Every mail taken in, once per Message-ID, and what became of it (a case opened, a note added, or ignored).
create table email_messages (
  org_id uuid not null references organisations(id),
  message_id text not null,
  case_id uuid,
  outcome text not null check (outcome in ('opened', 'noted', 'ignored')),
  created_at timestamptz not null,
  primary key (org_id, message_id),
  foreign key (org_id, case_id) references cases(org_id, id)
);
