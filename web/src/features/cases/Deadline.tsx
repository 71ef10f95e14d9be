import { Space, Tag, Tooltip } from 'antd';
import type { CaseSummary, ClockView } from '../../api.ts';
import { formatDateTime, formatMinutes } from '../../format.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import { clocksOf } from './SlaPanel.tsx';

/** Below this many minutes left (in the clock's own measure) a deadline shows amber. */
const DUE_SOON_MINUTES = 240;

/** Working measures (working hours/days, end of the working day) count working time; the rest natural time. */
export const isWorking = (c: ClockView) => /^working_|working_day/.test(c.target?.unit ?? '');

/** The clock that matters now: the first open one in the order acknowledge → first contact → resolve → visit. */
export function currentClock(c: CaseSummary): (ClockView & { kind: string }) | undefined {
  return clocksOf(c.sla).find((k) => !k.met_at && k.state !== 'met' && (k.remaining_minutes ?? null) !== null);
}

/**
 * The deadline column: a green / amber / red badge with the time left (or over) in the clock's own measure —
 * `remaining_minutes` is working minutes for a working clock and natural minutes otherwise, as the server
 * computes it on the case's calendar — and markers for escalation and supervision.
 */
export function Deadline({ c, supervised }: { c: CaseSummary; supervised?: boolean }) {
  const { m } = useI18n();
  const k = currentClock(c);
  const level = c.sla?.escalation_level ?? 0;
  const markers = (
    <>
      {level > 0 && <Tag color="volcano" data-testid="escalated">{fmt(m.workbench.escalated, { n: level })}</Tag>}
      {supervised && <Tag color="purple">{m.workbench.supervisedTag}</Tag>}
    </>
  );
  if (!k) return <Space size={4} wrap>{m.workbench.noDeadline}{markers}</Space>;
  const left = k.remaining_minutes ?? 0;
  const colour = left < 0 || k.state === 'breached' ? 'error' : left <= DUE_SOON_MINUTES ? 'warning' : 'success';
  const time = formatMinutes(left, m.detail);
  const label = left < 0 ? fmt(m.workbench.overdueBy, { t: time }) : fmt(m.workbench.left, { t: time });
  return (
    <Space size={4} wrap>
      <Tooltip title={`${m.sla.clocks[k.kind] ?? k.kind} · ${m.detail.dueAt} ${formatDateTime(k.due_at)} · ${isWorking(k) ? m.workbench.working : m.workbench.natural}`}>
        <Tag color={colour} data-testid="deadline" data-colour={colour}>{label}</Tag>
      </Tooltip>
      {markers}
    </Space>
  );
}
