/** The administration menu: what the workbench layout shows to whoever has the ability (labels in m.admin.menu). */
export const menu: { key: string; path: string; labelKey: string; ability: 'administer' | 'audit' }[] = [
  { key: 'admin-units', path: '/admin/units', labelKey: 'admin.menu.units', ability: 'administer' },
  { key: 'admin-users', path: '/admin/users', labelKey: 'admin.menu.users', ability: 'administer' },
  { key: 'admin-categories', path: '/admin/categories', labelKey: 'admin.menu.categories', ability: 'administer' },
  { key: 'admin-sla', path: '/admin/sla', labelKey: 'admin.menu.sla', ability: 'administer' },
  { key: 'admin-calendar', path: '/admin/calendar', labelKey: 'admin.menu.calendar', ability: 'administer' },
  { key: 'admin-settings', path: '/admin/settings', labelKey: 'admin.menu.settings', ability: 'administer' },
  { key: 'admin-phrases', path: '/admin/phrases', labelKey: 'admin.menu.phrases', ability: 'administer' },
  { key: 'admin-templates', path: '/admin/message-templates', labelKey: 'admin.menu.templates', ability: 'administer' },
  { key: 'admin-outbox', path: '/admin/outbox', labelKey: 'admin.menu.outbox', ability: 'administer' },
  { key: 'admin-channels', path: '/admin/channels', labelKey: 'admin.menu.channels', ability: 'administer' },
  { key: 'admin-webhooks', path: '/admin/webhooks', labelKey: 'admin.menu.webhooks', ability: 'administer' },
  { key: 'admin-audit', path: '/admin/audit', labelKey: 'admin.menu.audit', ability: 'audit' },
];
