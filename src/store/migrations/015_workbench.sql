-- The staff workbench (issue 9).
-- Search by room (16-1-2303) in lists and search: an exact match on the case's room, per organisation.
create index if not exists cases_customer_room on cases (org_id, customer_room) where customer_room is not null;
-- The 督办 queue: cases with a supervision notice, found from the case's events.
create index if not exists case_events_supervise on case_events (org_id, case_id) where action = 'supervise';

