-- Issue 9 "Customer portal": customers submit and follow their own cases at /portal without a staff account.

-- Whether a timeline entry is meant for the customer (a progress note they may read in the portal). Internal by
-- default: only entries explicitly written for the customer (staff replies, the customer's own notes) are shown.
alter table case_events add column if not exists customer_visible boolean not null default false;

-- The privacy notice a customer accepted before submitting, recorded with the case (one row per portal case).
create table portal_consents (
  org_id uuid not null,
  case_id uuid not null,
  notice_version text not null,
  locale text not null,
  consented_at timestamptz not null,
  address text not null,
  primary key (org_id, case_id),
  foreign key (org_id, case_id) references cases(org_id, id)
);

-- Tracking attempts (case number + phone), counted per address and per case number to throttle guessing.
-- Every attempt is written as a failure first and marked ok when it matched, so concurrent attempts count.
create table portal_attempts (
  id bigserial primary key,
  org_id uuid not null references organisations(id),
  case_number text not null,
  address text not null,
  ok boolean not null default false,
  at timestamptz not null default now()
);
create index portal_attempts_address on portal_attempts (address, at) where not ok;
create index portal_attempts_number on portal_attempts (org_id, upper(case_number), at) where not ok;

-- Short-lived access to one case, handed out after a submission or a successful tracking. Only the hash is kept.
create table portal_tokens (
  token_hash text primary key,
  org_id uuid not null,
  case_id uuid not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  foreign key (org_id, case_id) references cases(org_id, id)
);
create index portal_tokens_expires on portal_tokens (expires_at);

-- The customer's own answer to the return visit (the three questions), at most once per resolution round.
create table portal_visit_answers (
  org_id uuid not null,
  case_id uuid not null,
  reopen_count int not null,
  answered_at timestamptz not null,
  primary key (org_id, case_id, reopen_count),
  foreign key (org_id, case_id) references cases(org_id, id)
);
