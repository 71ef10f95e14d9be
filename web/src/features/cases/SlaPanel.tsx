import { Empty, List, Tag, Typography } from 'antd';
import type { ClockView, SlaView } from '../../api.ts';
import { formatDateTime, formatMinutes } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';

const STATE_COLOR: Record<string, string> = { running: 'processing', paused: 'default', met: 'success', breached: 'error' };
const ORDER = ['acknowledge', 'first_contact', 'resolve', 'visit'];

/** The SLA capability sends `clocks` keyed by kind or as a list; either reads as a sorted list here. */
export function clocksOf(sla: SlaView | null | undefined): (ClockView & { kind: string })[] {
  const raw = sla?.clocks;
  if (!raw) return [];
  const list = Array.isArray(raw) ? raw.map((c) => ({ ...c, kind: c.kind ?? '' })) : Object.entries(raw).map(([kind, c]) => ({ ...c, kind }));
  return list.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** The case's deadlines (受理/首次联系/办结/回访时限): state, due time and time left or overdue. */
export function SlaPanel({ sla }: { sla: SlaView | null | undefined }) {
  const { m } = useI18n();
  const clocks = clocksOf(sla);
  if (clocks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.detail.noSla} />;
  return (
    <List
      size="small"
      dataSource={clocks}
      data-testid="sla-clocks"
      renderItem={(c) => {
        // remaining_minutes is in the clock's own measure (working minutes for a working clock, natural otherwise).
        const left = c.remaining_minutes ?? c.remaining ?? null;
        const open = !c.met_at && c.state !== 'met';
        return (
          <List.Item>
            <div className="sla-row">
              <div className="sla-row-head">
                <Typography.Text strong>{m.sla.clocks[c.kind] ?? c.kind}</Typography.Text>
                <Tag color={STATE_COLOR[c.state] ?? 'default'}>{m.sla.states[c.state] ?? c.state}</Tag>
              </div>
              <Typography.Text type="secondary">
                {m.detail.dueAt} {formatDateTime(c.due_at)}
                {c.met_at ? ` · ${m.detail.metAt} ${formatDateTime(c.met_at)}` : ''}
              </Typography.Text>
              {open && left !== null && (
                <Typography.Text type={left < 0 ? 'danger' : undefined}>
                  {left < 0 ? m.detail.overdueBy : m.detail.remaining} {formatMinutes(left, m.detail)}
                </Typography.Text>
              )}
            </div>
          </List.Item>
        );
      }}
    />
  );
}
