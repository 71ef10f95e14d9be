-- Issue 8: whether a registration has any message to queue (an enabled customer channel, an active webhook) is part
-- of the organisation's cached configuration (src/app/orgs/org-config.ts): a registration with nothing to send
-- writes no outbox row and pays nothing for looking. So the channel and webhook tables bump the version too.
do $$
declare
  t text;
begin
  foreach t in array array['notify_channels', 'webhook_subscriptions']
  loop
    execute format('drop trigger if exists org_config_bump on %I', t);
    execute format('create trigger org_config_bump after insert or update or delete on %I for each row execute function bump_org_config_version(%L)', t, 'org_id');
  end loop;
end $$;
