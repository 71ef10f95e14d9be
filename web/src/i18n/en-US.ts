import { enUS as server } from '@contract/i18n/en-US.ts';
import type { Messages } from './zh-CN.ts';
// Issue 9 administration pages.
import { adminEnUS } from './admin.en-US.ts';

const capitalised = (labels: Record<string, string>) =>
  Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, v.charAt(0).toUpperCase() + v.slice(1)]));

/** English catalogue; same keys as zh-CN.ts. */
export const enUS: Messages = {
  app: { name: 'Qingting', tagline: 'Complaint handling', logout: 'Sign out', language: 'Language', cases: 'Cases', register: 'Register case', loading: 'Loading…', notFound: 'Page not found', backHome: 'Back to cases', networkError: 'Cannot reach the server; check the network and try again.' },
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', required: 'Please enter {field}', demoHint: 'Demo users: agent, handler, center — password {password}' },
  password: {
    title: 'Change password', current: 'Current password', next: 'New password', confirm: 'Confirm new password', submit: 'Change password',
    mismatch: 'The two new passwords differ', rules: 'At least {min} characters, not only spaces, not a common password or the username.',
    forced: 'You signed in with a temporary password; set a new one to continue.', done: 'Password changed; your sessions on other devices were signed out.',
    logoutAll: 'Sign out everywhere', logoutAllDone: 'Signed out on every device.', back: 'Back',
  },
  list: {
    title: 'Cases', search: 'Subject, content, number or phone', status: 'Status', kind: 'Kind', severity: 'Severity', channel: 'Channel',
    reset: 'Clear filters', total: '{n} cases', totalEstimated: 'More than {cap} cases (about {n})', empty: 'No cases match', refresh: 'Refresh',
  },
  fields: {
    number: 'Number', subject: 'Subject', content: 'Content', kind: 'Kind', channel: 'Channel', status: 'Status', severity: 'Severity',
    validity: 'Validity', customer: 'Customer', customer_name: 'Customer name', customer_phone: 'Phone', customer_room: 'Room',
    customer_address: 'Address', customer_email: 'E-mail', unit: 'Unit', department: 'Department', handler: 'Handler',
    category: 'Category', created_at: 'Created', updated_at: 'Updated', occurred_at: 'Occurred at', occurred_place: 'Place',
    complained_party: 'Complained party', complained_unit: 'Complained unit', desired_outcome: 'Desired outcome', external_ref: 'External ref.',
    first_responder: 'First responder', version: 'Version', reopen_count: 'Reopened', escalation_level: 'Escalation level',
    invalid_explanation: 'Why invalid', malicious_reason: 'Why malicious', answer: 'Answer', resolution: 'Resolution',
    remedy: 'Remedy', remedy_types: 'Remedy types', remedy_amount: 'Amount (CNY)', remedy_description: 'Remedy details',
    investigation: 'Investigation', feedback_note: 'Customer feedback', visit: 'Return visit', visit_satisfaction: 'Satisfaction', visit_resolved: 'Resolved?',
    visit_comment: 'Visit comment', suspend_reason: 'Suspended because', return_reason: 'Returned because', close_reason: 'Closed because',
    withdraw_reason: 'Withdrawn because', parent_case: 'Merged into', note: 'Note', reason: 'Reason', findings: 'Findings', scope: 'Scope',
    method: 'Methods', responsibility: 'Responsibility', satisfaction: 'Satisfaction', resolved: 'Problem resolved', comment: 'Comment',
    parent_case_id: 'Parent case ID', amount: 'Amount', sla_unit: 'Unit', clock: 'Deadline', approver: 'Approver', escalation_kind: 'Escalation kind',
    deadline: 'Supervision deadline', verdict: 'Is the report true?', medium: 'Clarifying medium', medium_level: 'Medium level', published_on: 'Published on',
    received_at: 'Received at', requested_due_at: 'Deadline asked by customer', reached: 'Customer reached', visit_method: 'Visit method', visit_reached: 'Reached?',
    decision: 'Decision', crisis_decision: 'Top-level decision', direct_answer: 'Answered on the spot', approval_pending: 'Awaiting approval',
  },
  detail: {
    back: 'Back to list', registered: 'Registration', customer: 'Customer', triage: 'Triage and assignment', handling: 'Handling and return visit', timeline: 'Timeline',
    attachments: 'Attachments', noAttachments: 'No attachments', download: 'Download', sla: 'Deadlines', noSla: 'No deadlines', actions: 'Actions',
    noActions: 'You cannot act on this case now', reveal: 'Reveal full number', revealReason: 'Why do you need the full number? (recorded in the audit log)', revealed: 'Full number shown (audited)', yes: 'Yes', no: 'No',
    system: 'System', mergedCases: 'Merged cases', dueAt: 'Due', remaining: 'Left', overdueBy: 'Overdue by', metAt: 'Met at',
    minutes: '{n} min', hours: '{h} h {m} min', days: '{d} d {h} h', reloaded: 'Reloaded the latest version',
    signoffPending: 'Awaiting sign-off by the head of {department}', authorityPending: 'Compensation of {amount} is beyond the handler\'s authority; awaiting approval', crisisUndecided: 'Crisis: the top level must decide before anyone answers the customer',
    notReached: 'Customer not reached', resolvedYes: 'resolved', resolvedNo: 'not resolved', dissatisfiedVisit: 'Dissatisfied on the return visit: reopened',
  },
  action: { submit: 'OK', cancel: 'Cancel', done: 'Done: {action}', conflictReloaded: 'Someone else changed the case; it has been reloaded — check it and try again.', pickDepartmentFirst: 'Pick a department first' },
  register: {
    lookupTitle: 'Caller', lookup: 'Find the caller by phone, room (e.g. 16-1-2303) or name', lookupEmpty: 'No such customer: register the caller’s details below', use: 'Use',
    history: '{n} earlier cases', openCases: 'Open cases', repeatWarning: 'Repeat complaint: this customer has {n} open cases. Check whether it is the same problem.',
    addToOpen: 'Add to this case', phrases: 'Standard phrases', insertPhrase: 'Insert', forbidden: 'Never say: {phrase}', caseNumber: 'Case number',
    title: 'Register a case', submit: 'Register', reset: 'Clear', created: 'Registered as {number}', open: 'Open case', another: 'Register another',
    caseSection: 'The complaint', customerSection: 'Customer', triageSection: 'First triage (optional)', relatedOpen: 'This customer has {n} other open case(s)',
    tellCustomer: 'Give the customer this number to follow the case.',
    timeSection: 'Received time and deadline', receivedHint: 'For a letter, a suggestion slip or a 12345 transfer registered later, enter when it was received; the clocks start then.',
  },
  validation: { required: 'Required', phone: 'Enter a mobile or a landline with area code, e.g. 13812345678, 010-12345678, 0755-1234567 ext 801' },
  sla: {
    clocks: { acknowledge: 'Acknowledge by', first_contact: 'First contact by', resolve: 'Resolve by', visit: 'Return visit by', clarify: 'Clarify by' },
    states: { running: 'Running', paused: 'Paused', met: 'Met', breached: 'Breached' },
  },
  kinds: { complaint: 'Complaint', suggestion: 'Suggestion', inquiry: 'Inquiry', praise: 'Praise', request: 'Service request' },
  channels: {
    phone: 'Phone', visit: 'Walk-in', letter: 'Letter', email: 'E-mail', web: 'Website', wechat: 'WeChat', app: 'App', suggestion_box: 'Suggestion box',
    media: 'Media', hotline_transfer: 'Hotline transfer', other: 'Other', portal: 'Customer portal',
  },
  severities: { minor: 'Minor', important: 'Important', major: 'Major', crisis: 'Crisis' },
  validities: { pending: 'Pending', valid: 'Valid', invalid: 'Invalid', malicious: 'Malicious' },
  remedyTypes: {
    apology: 'Apology', explanation: 'Explanation', redo: 'Redo', replace: 'Replace', refund: 'Refund', discount: 'Discount', gift: 'Gift',
    repair: 'Repair', compensation: 'Compensation',
  },
  methods: { site_inspection: 'Site inspection', customer_feedback: 'Customer feedback', records: 'Records', cctv: 'CCTV', interview: 'Interviews', other: 'Other' },
  responsibilities: { ours: 'Ours', customer: 'Customer', third_party: 'Third party', shared: 'Shared', none: 'None' },
  escalationKinds: { customer_dissatisfied: 'Customer dissatisfied', handler_cannot_decide: 'Handler cannot decide', emotional_customer: 'Emotional customer', other: 'Other' },
  slaUnits: { natural_hours: 'Hours', natural_days: 'Days', working_hours: 'Working hours', working_days: 'Working days', end_of_working_day: 'By end of working day' },
  mediaVerdicts: { false: 'Report is false (clarify)', true: 'Report is true' },
  mediumLevels: { original: 'Original medium', same_level: 'Same-level medium' },
  satisfactions: { satisfied: 'Satisfied', basically_satisfied: 'Basically satisfied', dissatisfied: 'Dissatisfied' },
  visitMethods: { phone: 'Phone', visit: 'In person', message: 'Message' },
  // The staff workbench (issue 9): menu, queues, deadline column, bell.
  workbench: {
    menuQueues: 'Workbench', menuCases: 'All cases', menuRegister: 'Register a case', menuAccountability: 'Accountability', menuAdmin: 'Administration', home: 'Home', openMenu: 'Open menu',
    queues: { mine: 'My work', department: 'My department', unassigned: 'Unassigned', overdue: 'Overdue', due_soon: 'Due soon', visit: 'Return visit', supervised: 'Supervised', all: 'All' } as Record<string, string>,
    deadline: 'Deadline', noDeadline: '—', overdueBy: '{t} over', left: '{t} left', working: 'working time', natural: 'natural time', escalated: 'Escalated, level {n}', supervisedTag: 'Supervised',
    bell: 'Notifications', notifications: 'Notifications', noNotifications: 'No notifications', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', markRead: 'Mark read', read: 'Read', markedRead: 'Marked read', mustAcknowledge: 'To acknowledge', openCase: 'Open case', unread: '{n} waiting',
    kinds: { escalation: 'Escalation', top_level: 'Escalated to the top', supervision: 'Supervision notice', sla_warning: 'Deadline warning' } as Record<string, string>,
    replyCustomer: 'Reply to the customer', replyCustomerHint: 'The customer sees this progress note on the self-service page (internal notes stay internal)', replied: 'Reply sent to the customer',
    leftCase: 'Done: {action}. The case is no longer yours to see; back to the workbench.', unitPath: 'Unit path',
    bulkDone: '{n} cases done', bulkResult: '{ok} done, {failed} not done', bulkKind: 'Action',
    bulkAssign: 'Assign selected', bulkSelected: '{n} selected',
  },
  // Accountability, corrective action, review pack (issue 12).
  accountability: {
    menuFines: 'Fines ledger', menuCorrective: 'Corrective actions', menuReviewPack: 'Management review',
    finesTitle: 'Fines ledger', case: 'Case', rule: 'Rule', store: 'Store', amount: 'Amount (CNY)', state: 'State', due: 'Due', overdue: 'Overdue', shares: 'Borne by',
    pay: 'Paid', waive: 'Waive', appeal: 'Appeal', uphold: 'Uphold', overturn: 'Overturn', reason: 'Reason for the appeal', done: 'Updated',
    states: { notice: 'Notified', paid: 'Paid', waived: 'Waived', appealed: 'Under appeal', upheld: 'Appeal rejected', overturned: 'Overturned', recorded: 'Recorded (no amount)' },
    rules: { store_complaint: 'Complaint against the store', agent_complaint: 'Complaint against an agent', newspaper_exposure: 'Newspaper report', tv_exposure: 'TV report', takeover_fee: 'Complaint center handling fee', staff_complaint: 'Complaint against staff' },
    yearEndRule: 'Year-end ranking no. {rank}',
    yearEnd: 'Year-end ranking fines', year: 'Year', draft: 'Draft', post: 'Post', rank: 'Rank', complaintCount: 'Complaints', tied: 'Tied', posted: 'Posted', seedText: 'Policy text',
    correctiveTitle: 'Corrective actions', title: 'Title', owner: 'Owner', deadline: 'Deadline', check: 'Check effectiveness', checkDue: 'Check on', before: 'Before', after: 'After', effective: 'Effective', notEffective: 'Not effective, reopened',
    correctiveStates: { open: 'Open', done: 'Awaiting check', closed: 'Closed' },
    packTitle: 'Management review pack', period: 'Period', print: 'Print', figures: 'Figures', cases: 'Cases', complaints: 'Complaints', validityRate: 'Validity rate', closureRate: 'Closure rate', inTimeRate: 'Resolved in time', satisfactionRate: 'Satisfaction',
    previous: 'Previous', change: 'Change', topCauses: 'Top causes', openActions: 'Open corrective actions', overdueActions: 'Overdue corrective actions', fines: 'Fines', charged: 'Charged', paid: 'Paid', owed: 'Owed', lastReview: 'Last review up to', none: 'None',
  },
  roles: { agent: 'Agent', handler: 'Handler', department_head: 'Department head', unit_manager: 'Unit manager', complaint_center: 'Complaint center', admin: 'Administrator', auditor: 'Auditor' },
  actions: capitalised(server.actions),
  statuses: capitalised(server.statuses),
  // Issue 9 administration pages.
  admin: adminEnUS,
  // Analytics (issue 10): the dashboard, the reports and the exports.
  analytics: {
    menu: 'Analytics', dashboard: 'Dashboard', monthlyReport: 'Monthly report', yearReport: 'Year-end analysis', month: 'This month', year: 'This year',
    last30: 'Last 30 days', period: 'Period', unitScope: 'Scope', print: 'Print', exportXlsx: 'Export Excel', exportCsv: 'Export CSV',
    exporting: 'Exporting… {n} KB received', exported: 'Export finished', noData: 'No data', drill: 'Show cases',
    rates: {
      response: 'Response rate', resolution: 'Resolution rate', satisfaction: 'Satisfaction rate', composite: 'Composite score', direct_answer: 'Direct-answer rate',
      return_visit: 'Return-visit rate', reopen: 'Reopen rate', escalation: 'Escalation rate', extension: 'Extension rate', repeat: 'Repeat-complaint rate',
      invalid_share: 'Invalid share', malicious_share: 'Malicious share', withdrawn_share: 'Withdrawn share',
      on_time_acknowledge: 'On time: acknowledge', on_time_first_contact: 'On time: first contact', on_time_resolve: 'On time: resolve', on_time_visit: 'On time: visit',
    } as Record<string, string>,
    counts: { registered: 'Registered', valid: 'Valid', merged: 'Merged', withdrawn: 'Withdrawn', invalid: 'Invalid', malicious: 'Malicious', resolved: 'Resolved', visited: 'Visited' } as Record<string, string>,
    per100: 'Per 100 households', lastYearValue: 'Same period last year', previousValue: 'Previous period', vsPrevious: 'vs previous', vsLastYear: 'vs last year', handling: 'Handling time (working hours)', mean: 'Mean', median: 'Median', p90: 'p90',
    trend: 'Registrations over time', pareto: 'Categories (Pareto)', cumulative: 'Cumulative share', channels: 'Channels', units: 'Units heat table',
    hotIssues: 'Hot issues', surges: 'Surges', surgeMethod: 'Method: last 7 days against the weekly mean of the 4 weeks before, one-sided Poisson test p < {alpha}, at least {min} cases',
    observed: 'Last 7 days', expected: 'Baseline (per week)', category: 'Category', place: 'Place', building: 'Building', count: 'Cases', unit: 'Unit',
    similar: 'Similar complaints (across customers and categories)', similarGroup: '{n} similar cases from {customers} customers at {units}; filed under {categories}',
    league: 'Unit league table (invalid and malicious excluded)', topCauses: 'Top causes', openCases: 'Open cases', generatedAt: 'Generated {at}',
  },
};
