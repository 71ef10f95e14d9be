import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Empty, Row, Select, Space, Tabs } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { adminApi } from './admin-api.ts';
import { AdminShell } from './AdminShell.tsx';
import { ChannelCard, UnitRobotCard } from './ChannelForms.tsx';
import { MailboxCard, QuietHoursCard, WechatInCard } from './InboundForms.tsx';
import { notifyApi, type NotifyChannel } from './notify-api.ts';

const empty = (channel: string): NotifyChannel => ({ channel, enabled: false, config: {}, secrets: {} });
const ROBOTS = ['dingtalk', 'wecom'] as const;

/** Channel settings (issue 11): SMS, e-mail out and in, the WeChat Official Account, group robots of the organisation and per unit. */
export function ChannelsPage() {
  const { m } = useI18n();
  const t = m.admin.notify.channelsPage;
  const qc = useQueryClient();
  const chans = useQuery({ queryKey: ['admin', 'notify-channels'], queryFn: notifyApi.channels });
  const units = useQuery({ queryKey: ['admin', 'units'], queryFn: adminApi.units });
  const [unitId, setUnitId] = useState<string | undefined>();
  const robots = useQuery({ queryKey: ['admin', 'unit-robots', unitId], queryFn: () => notifyApi.unitRobots(unitId!), enabled: !!unitId });
  const byName = useMemo(() => new Map((chans.data?.items ?? []).map((c) => [c.channel, c])), [chans.data]);
  const unitRobots = useMemo(() => new Map(ROBOTS.map((r) => [r, robots.data?.items.find((x) => x.channel === r) ?? empty(r)])), [robots.data]);
  const saveOrg = (channel: string) => async (b: { enabled: boolean; config: Record<string, unknown> }) => {
    await notifyApi.saveChannel(channel, b);
    await qc.invalidateQueries({ queryKey: ['admin', 'notify-channels'] });
  };
  const card = (channel: string, title: string) => {
    const c = byName.get(channel);
    return c ? <ChannelCard title={title} channel={c} save={saveOrg(channel)} /> : null;
  };
  const refreshRobots = () => qc.invalidateQueries({ queryKey: ['admin', 'unit-robots', unitId] });
  const half = { xs: 24, lg: 12 };
  return (
    <AdminShell title={t.title}>
      <Tabs
        items={[
          { key: 'sms', label: m.admin.notify.channels.sms, children: <Row gutter={[16, 16]}><Col {...half}>{card('sms', t.sms)}</Col><Col {...half}><QuietHoursCard /></Col></Row> },
          { key: 'email', label: m.admin.notify.channels.email, children: <Row gutter={[16, 16]}><Col {...half}>{card('email', t.email)}</Col><Col {...half}><MailboxCard /></Col></Row> },
          { key: 'wechat', label: m.admin.notify.channels.wechat, children: <Row gutter={[16, 16]}><Col {...half}>{card('wechat', t.wechatOut)}</Col><Col {...half}><WechatInCard /></Col></Row> },
          {
            key: 'robots', label: `${m.admin.notify.channels.dingtalk} / ${m.admin.notify.channels.wecom}`,
            children: (
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Row gutter={[16, 16]}>
                  {ROBOTS.map((r) => <Col key={r} {...half}>{card(r, `${t.robotsOrg} · ${t[r]}`)}</Col>)}
                </Row>
                <Alert type="info" showIcon message={t.robotsUnit} description={t.unitHint} />
                <div data-testid="robot-unit" style={{ display: 'inline-block', width: 320, maxWidth: '100%' }}><Select aria-label={t.unit} placeholder={t.unit} style={{ width: '100%' }} allowClear showSearch optionFilterProp="label" value={unitId} onChange={setUnitId}
                  options={(units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} /></div>
                {unitId ? (
                  <Row gutter={[16, 16]}>
                    {ROBOTS.map((r) => (
                      <Col key={r} {...half}>
                        <UnitRobotCard title={t[r]} channel={unitRobots.get(r)!}
                          save={async (b) => { await notifyApi.saveUnitRobot(unitId, r, b); await refreshRobots(); }}
                          remove={async () => { await notifyApi.deleteUnitRobot(unitId, r); await refreshRobots(); }} />
                      </Col>
                    ))}
                  </Row>
                ) : <Empty description={t.unit} />}
              </Space>
            ),
          },
        ]}
      />
    </AdminShell>
  );
}
