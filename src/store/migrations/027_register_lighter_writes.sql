-- Issue 8: what a registration maintains that no query needs.
--
-- 1. Foreign keys to the organisation from customers and the outbox: a customer is only ever reached through its
--    organisation's cases and pages, an outbox row's (org_id, case_id) already references a case of that
--    organisation, and organisations are never deleted. Each check share-locked the one organisation row, so
--    concurrent registrations of an organisation (a new caller's customer, a queued message) all went through
--    multixacts on it — as the key from cases did before migration 021.
alter table customers drop constraint if exists customers_org_id_fkey;
alter table outbox drop constraint if exists outbox_org_id_fkey;

--    The same for a case's customer, unit and category: one row shared by every registration of a busy unit, a
--    popular category or a caller who rings again and again (the same-caller queue of issue 8), share-locked by each.
--    None of the three is ever deleted (units and categories are deactivated, customers only anonymised), and every
--    path that writes the ids checks them first: the registration against the cached configuration (units,
--    categories) and in its own statement (the customer is found or created there, or checked visible), transfers
--    and recategorisations with assertUnit/assertCategory. The department and parent-case keys stay (null when a
--    case is registered, so they cost it nothing).
alter table cases drop constraint if exists cases_org_id_customer_id_fkey;
alter table cases drop constraint if exists cases_org_id_unit_id_fkey;
alter table cases drop constraint if exists cases_org_id_category_id_fkey;

-- 2. A new case has no handler and no department yet; the lists that look cases up by them ask for a given one
--    (a handler's queue, a department's scope), never for "none". Partial indexes: nothing to insert at registration.
drop index if exists cases_org_handler;
create index cases_org_handler on cases (org_id, handler_id, created_at desc) where handler_id is not null;
drop index if exists cases_org_department;
create index cases_org_department on cases (org_id, department_id, created_at desc) where department_id is not null;
