-- Issue 8: what a registration maintains that no query needs.
--
-- 1. Foreign keys to the organisation from customers and the outbox: a customer is only ever reached through its
--    organisation's cases and pages, an outbox row's (org_id, case_id) already references a case of that
--    organisation, and organisations are never deleted. Each check share-locked the one organisation row, so
--    concurrent registrations of an organisation (a new caller's customer, a queued message) all went through
--    multixacts on it — as the key from cases did before migration 021.
alter table customers drop constraint if exists customers_org_id_fkey;
alter table outbox drop constraint if exists outbox_org_id_fkey;

-- 2. A new case has no handler and no department yet; the lists that look cases up by them ask for a given one
--    (a handler's queue, a department's scope), never for "none". Partial indexes: nothing to insert at registration.
drop index if exists cases_org_handler;
create index cases_org_handler on cases (org_id, handler_id, created_at desc) where handler_id is not null;
drop index if exists cases_org_department;
create index cases_org_department on cases (org_id, department_id, created_at desc) where department_id is not null;
