import type { adminZhCN } from './admin.zh-CN.ts';
import { adminNotifyEnUS } from './admin-notify.en-US.ts';

/** Administration pages (issue 9): the `admin` namespace of the en-US catalogue; same keys as zh-CN. */
export const adminEnUS: typeof adminZhCN = {
  menu: { units: 'Units', users: 'Users and roles', categories: 'Categories', sla: 'Time limits', calendar: 'Working calendar', settings: 'Process and organisation', phrases: 'Standard phrases', templates: 'Message templates', outbox: 'Delivery', channels: 'Channels', webhooks: 'Webhooks and API tokens', audit: 'Audit log' },
  common: {
    add: 'Add', save: 'Save', cancel: 'Cancel', delete: 'Delete', edit: 'Edit', saved: 'Saved', deleted: 'Deleted', confirmDelete: 'Delete it?',
    name: 'Name', code: 'Code', kind: 'Kind', active: 'Active', inactive: 'Inactive', yes: 'Yes', no: 'No', close: 'Close', actions: 'Actions', none: 'None', required: 'Please enter {field}',
  },
  units: { title: 'Units', parent: 'Parent unit', addChild: 'Add child', center: 'Complaint center', kinds: { company: 'Company', region: 'Region', project: 'Project', department: 'Department' }, rename: 'Rename',
    note: 'Units can be added, renamed, moved and deactivated. After a move, cases and people keep their unit and views by unit follow the new parent; a deactivated unit takes no new cases or people and leaves the pickers, while its old cases still show its full path.',
    move: 'Move', moveTitle: 'Move {name}', newParent: 'New parent unit', moveHint: 'Units under it move too; a unit cannot go under itself, one of its own units, or a department.',
    deactivate: 'Deactivate', activate: 'Activate', deactivateConfirm: 'Deactivate {name}? It will take no new cases and no new people.', deactivated: 'Deactivated', activated: 'Activated', inactiveTag: 'Inactive' },
  users: {
    title: 'Users and roles', username: 'Username', displayName: 'Name', roles: 'Roles', unit: 'Unit', password: 'Initial password', locale: 'Language', status: 'Status',
    locked: 'Locked', mustChange: 'Must change password', normal: 'Normal', reset: 'Reset password', unlock: 'Unlock', unlocked: 'Unlocked',
    resetTitle: 'Reset the password of {name}', resetHint: 'Leave empty to generate a temporary password, shown once; the user must change it at next sign-in.', newPassword: 'New password (optional)',
    temporary: 'Temporary password (shown only this once; give it to the user):', resetDone: 'Password reset',
  },
  categories: { title: 'Categories', nameZh: 'Chinese name', nameEn: 'English name', parent: 'Parent category', sort: 'Order' },
  sla: {
    title: 'Time limits', family: 'Preset family of time limits', familyHint: 'Preset by trade; new cases are timed by the family chosen.', chosen: 'Chosen by an administrator', byTrade: 'Default for the trade',
    families: { general: 'General enterprise', property: 'Property services', agency_chain: 'Estate agency chain', restaurant: 'Restaurant' },
    policies: 'Policies', ladders: 'Escalation ladders', priority: 'Priority', targets: 'Time limits', match: 'Applies to', source: 'Source', levels: 'Levels', settings: 'Warnings and time zone',
    thresholds: 'Warning thresholds', timeZone: 'Time zone', clocks: { acknowledge: 'Acknowledge', first_contact: 'First contact', resolve: 'Resolve', visit: 'Return visit', clarify: 'Clarify' },
    unitKinds: { company: 'Company', region: 'Region', store: 'Store', project: 'Project', department: 'Department' } as Record<string, string>,
    addPolicy: 'Add policy', editPolicy: 'Edit policy {name}', addLadder: 'Add escalation ladder', editLadder: 'Edit ladder {name}', ladder: 'Escalation ladder', defaultLadder: 'Default ladder', isDefault: 'Make it the default ladder',
    inFamily: 'Preset family', anyFamily: 'Every family', any: 'Any', policyName: 'Policy key (letters, digits, _ . -)', policyNameInvalid: 'Letters, digits and _ . - only, at most 60 characters',
    kind: 'Case kind', severity: 'Severity', channel: 'Channel', unitKind: 'Unit kind', amount: 'Amount', unit: 'Counted in', maxExtension: 'Longest extension',
    targetsHint: 'Set at least one time limit; a limit left empty is not timed.', atLeastOneTarget: 'Set at least one time limit', level: 'Level {n}', target: 'Escalate to', delay: 'After', addLevel: 'Add level',
    levelsHint: 'Each level above the one before; the last must be the complaint center; day delays are whole days.', activePolicy: 'Active', policyActive: 'Active', policyInactive: 'Inactive',
  },
  calendar: {
    title: 'Working calendar', holiday: 'Official holiday', makeup: 'Make-up working day', localClosed: 'Local day off', localWorking: 'Local working day', weekend: 'Weekend',
    dayTitle: '{date}', markClosed: 'Mark as day off', markWorking: 'Mark as working day', remove: 'Remove local setting', dayName: 'Note (e.g. power cut in the area)',
    hours: 'Business hours', hoursHint: 'Working periods (e.g. 09:00–12:00, 13:30–18:00); working-time limits count only inside them.', start: 'Start', end: 'End', addPeriod: 'Add period',
    official: 'Official', org: 'Organisation', unit: 'Unit', noOfficial: 'No official holiday data for {years}; add the days by hand.', legend: 'Legend',
    changedNote: 'After a change, the working-time limits of open cases are counted again on the new calendar.',
    recomputing: 'The deadlines of open cases are being recomputed (change made at {since}); until done, lists may still show the old deadlines.', recomputed: 'The deadlines of open cases now follow the new calendar.',
    holidays: {} as Record<string, string>,
  },
  settings: {
    title: 'Process and organisation', requiredFields: 'Required registration fields', process: 'Process rules', auth: 'Sign-in and session rules', json: 'Edit the other rules as JSON', invalidJson: 'The JSON is not valid',
    trade: 'Trade', fields: { 'customer.name': 'Customer name', 'customer.phone': 'Phone', 'customer.room': 'Room', 'customer.address': 'Address', 'customer.email': 'E-mail', occurred_at: 'Occurred at', occurred_place: 'Place', complained_party: 'Complained party', desired_outcome: 'Desired outcome', category_id: 'Category', external_ref: 'External ref.' },
  },
  phrases: {
    title: 'Standard phrases', text: 'Phrase', kind: 'Kind', scene: 'Scene', standard: 'Standard phrase', forbidden: 'Never to use', hint: 'Standard phrases can be inserted while registering and answering; a warning shows when a text contains a phrase never to use.',
    scenes: { greeting: 'Greeting', listening: 'Listening', apology: 'Apology', escalation: 'Escalation', thanks: 'Thanks', closing: 'Closing' },
  },
  audit: { title: 'Audit log', auditLog: 'Personal-data access', authLog: 'Sign-in log', at: 'Time', user: 'User', action: 'Action', case: 'Case', reason: 'Reason', event: 'Event', address: 'Address', detail: 'Details' },
  notify: adminNotifyEnUS,
};
