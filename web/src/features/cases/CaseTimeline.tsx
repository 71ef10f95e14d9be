import { Timeline, Typography } from 'antd';
import type { TimelineEvent } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { useI18n } from '../../i18n/index.tsx';
import type { Messages } from '../../i18n/zh-CN.ts';

/** A return visit's answers in a few words (the 12345 questions), or null for other steps. */
/** What a system step is about, in words: the time limit warned or missed, the level an escalation reached. */
function clockOf(e: TimelineEvent, m: Messages): string | null {
  if (!e.data || typeof e.data !== 'object') return null;
  const d = e.data as { clock?: string; target?: string };
  if ((e.action === 'sla_warning' || e.action === 'sla_breach') && d.clock) return m.sla.clocks[d.clock] ?? d.clock;
  if (e.action === 'escalate' && d.target) return m.roles[d.target] ?? d.target;
  return null;
}

function visitSummary(e: TimelineEvent, m: Messages): string | null {
  if (e.action !== 'visit' || !e.data || typeof e.data !== 'object') return null;
  const d = e.data as { reached?: boolean; resolved?: boolean; satisfaction?: string; method?: string };
  const method = d.method ? (m.visitMethods[d.method] ?? d.method) : '';
  if (d.reached === false) return `${m.detail.notReached} · ${method}`;
  if (d.reached !== true) return null;
  return [d.satisfaction ? (m.satisfactions[d.satisfaction] ?? d.satisfaction) : '', d.resolved ? m.detail.resolvedYes : m.detail.resolvedNo, method].filter(Boolean).join(' · ');
}

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
              {clockOf(e, m) && <Typography.Text> · {clockOf(e, m)}</Typography.Text>}
              {e.to_status && e.to_status !== e.from_status && (
                <Typography.Text type="secondary"> → {m.statuses[e.to_status] ?? e.to_status}</Typography.Text>
              )}
            </div>
            <Typography.Text type="secondary" className="timeline-meta">
              {formatDateTime(e.at)} · {e.actor?.display_name ?? m.detail.system}
            </Typography.Text>
            {visitSummary(e, m) && <div className="timeline-note">{visitSummary(e, m)}</div>}
            {e.note && <div className="timeline-note">{e.note === 'dissatisfied_return_visit' ? m.detail.dissatisfiedVisit : e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
