import { Tag } from 'antd';
import type { CaseStatus, Severity } from '@contract/enums.ts';
import { useI18n } from '../../i18n/index.tsx';

const STATUS_COLOR: Record<CaseStatus, string> = {
  registered: 'blue', accepted: 'cyan', assigned: 'geekblue', in_progress: 'processing', suspended: 'orange',
  resolved: 'green', visited: 'success', closed: 'default', merged: 'purple', withdrawn: 'default',
};
const SEVERITY_COLOR: Record<Severity, string> = { minor: 'default', important: 'gold', major: 'volcano', crisis: 'red' };

export function StatusTag({ status }: { status: CaseStatus }) {
  const { m } = useI18n();
  return <Tag color={STATUS_COLOR[status] ?? 'default'} data-status={status}>{m.statuses[status] ?? status}</Tag>;
}

export function SeverityTag({ severity }: { severity: Severity }) {
  const { m } = useI18n();
  return <Tag color={SEVERITY_COLOR[severity] ?? 'default'} bordered={false}>{m.severities[severity] ?? severity}</Tag>;
}

/** Options for a select over a closed vocabulary, labelled from the catalogue. */
export function optionsOf(values: readonly string[], labels: Record<string, string>) {
  return values.map((v) => ({ value: v, label: labels[v] ?? v }));
}
