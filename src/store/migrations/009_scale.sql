-- Issue 8: flat at a million cases. Indexes for the filters people use together and for the case page's
-- lookups, so that a page and a capped count cost O(page), not O(cases in the organisation).

-- The case page lists the cases merged into this one; without this it scanned every case of the organisation.
create index if not exists cases_org_parent on cases (org_id, parent_case_id) where parent_case_id is not null;

-- Filters used together in the list: kind + channel, and a unit's cases by status (the department branch of the
-- unit filter is served by cases_org_department; another index on every insert would cost registrations more).
create index if not exists cases_org_kind_channel on cases (org_id, kind, channel, created_at desc, id desc);
create index if not exists cases_org_unit_status on cases (org_id, unit_id, status, created_at desc);
