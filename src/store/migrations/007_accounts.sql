-- Accounts and sessions: login throttling and lockout stored in the database (so they hold across processes),
-- forced password change, idle and absolute session expiry, and an auth log readable by admin and auditor.

alter table users
  add column must_change_password boolean not null default false,
  add column failed_logins int not null default 0,
  add column locked_at timestamptz,
  add column password_changed_at timestamptz;

alter table sessions
  add column last_seen_at timestamptz not null default now();
create index sessions_user on sessions (org_id, user_id, created_at);
create index sessions_expires on sessions (expires_at);

-- One row per sign-in attempt and per account event. org_id and user_id are null for a username that matches no
-- user (the attempt still counts towards that username's and that address's throttle).
create table auth_log (
  id bigserial primary key,
  org_id uuid references organisations(id),
  user_id uuid,
  username text not null,
  address text not null,
  event text not null check (event in ('login_failed','login_ok','login_throttled','login_locked','locked','unlocked',
    'logout','logout_all','password_changed','password_reset')),
  actor_id uuid,
  at timestamptz not null default now()
);
-- The throttle counts recent failures per username and per address.
create index auth_log_user_failed on auth_log (user_id, at) where event = 'login_failed';
create index auth_log_username_failed on auth_log (lower(username), at) where event = 'login_failed' and user_id is null;
create index auth_log_user_reset on auth_log (user_id, at) where event in ('login_ok', 'unlocked', 'password_reset');
create index auth_log_address_failed on auth_log (address, at) where event = 'login_failed';
create index auth_log_org on auth_log (org_id, at);
