import { Timeline, Typography } from 'antd';
import type { TimelineEvent } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';

const COLOR: Record<string, string> = { register: 'blue', resolve: 'green', close: 'gray', return: 'orange', reopen: 'red', escalate: 'red' };

/** The case's audit trail: who did what, when, the status change and the note. */
export function CaseTimeline({ events }: { events: TimelineEvent[] }) {
  const { m } = useI18n();
  return (
    <Timeline
      data-testid="timeline"
      items={events.map((e) => ({
        key: e.id,
        color: COLOR[e.action] ?? 'blue',
        children: (
          <div className="timeline-item">
            <div>
              <Typography.Text strong>{m.actions[e.action] ?? e.action}</Typography.Text>
              {e.to_status && e.to_status !== e.from_status && (
                <Typography.Text type="secondary"> → {m.statuses[e.to_status] ?? e.to_status}</Typography.Text>
              )}
            </div>
            <Typography.Text type="secondary" className="timeline-meta">
              {formatDateTime(e.at)} · {e.actor?.display_name ?? m.detail.system}
            </Typography.Text>
            {e.note && <div className="timeline-note">{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
