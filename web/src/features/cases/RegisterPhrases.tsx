import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { matchForbidden } from '@contract/forbidden-phrases.ts';
import { api, type Phrase } from '../../api.ts';
import { fmt, useI18n } from '../../i18n/index.tsx';
import type { Messages } from '../../i18n/zh-CN.ts';

/** The organisation's standard phrases (服务用语) and phrases never to use, as the administrator keeps them. */
export function usePhrases() {
  const q = useQuery({ queryKey: ['phrases'], queryFn: api.phrases, staleTime: 10 * 60_000 });
  return useMemo(() => {
    const items = q.data?.items ?? [];
    return { standard: items.filter((p) => p.kind === 'standard'), forbidden: items.filter((p) => p.kind === 'forbidden').map((p) => p.text), loading: q.isPending, error: q.error };
  }, [q.data, q.isPending, q.error]);
}

/** A searchable list of standard phrases, grouped by scene; picking one inserts it where the cursor was. */
export function PhrasePicker({ phrases, loading, target, onInsert }: { phrases: Phrase[]; loading: boolean; target: string; onInsert: (text: string) => void }) {
  const { m } = useI18n();
  const options = useMemo(() => {
    const groups = new Map<string, Phrase[]>();
    for (const p of phrases) groups.set(p.scene ?? '', [...(groups.get(p.scene ?? '') ?? []), p]);
    return [...groups].map(([scene, ps]) => ({
      label: m.phraseScenes[scene] ?? m.register.phrases,
      title: scene,
      options: ps.map((p) => ({ value: p.id, label: p.text })),
    }));
  }, [phrases, m]);
  return (
    <div className="phrase-bar" data-testid="phrase-bar">
      <Typography.Text strong>{m.register.phrases}</Typography.Text>
      <Select
        showSearch
        value={null}
        loading={loading}
        placeholder={m.register.phrasePlaceholder}
        aria-label={m.register.phrasePlaceholder}
        optionFilterProp="label"
        options={options}
        popupMatchSelectWidth={false}
        onSelect={(id: string | null) => {
          const p = phrases.find((x) => x.id === id);
          if (p) onInsert(p.text);
        }}
        data-testid="phrase-picker"
      />
      <Typography.Text type="secondary">{fmt(m.register.phraseTo, { field: target })}</Typography.Text>
    </div>
  );
}

/**
 * The warning shown under a text while it contains a phrase never to use ("没有的事", "绝不可能", 003 第三篇), or null
 * (a Form.Item's `extra` then takes no room).
 */
export function forbiddenWarning(text: string | undefined, forbidden: string[], m: Messages): ReactNode {
  const found = text ? matchForbidden(text, forbidden) : [];
  if (found.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      className="forbidden-warning"
      style={{ marginTop: 6 }}
      data-testid="forbidden-warning"
      message={fmt(m.register.forbidden, { phrase: found.map((p) => `“${p}”`).join('、') })}
    />
  );
}
