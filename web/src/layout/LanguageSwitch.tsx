import { Segmented } from 'antd';
import type { Locale } from '@contract/enums.ts';
import { useI18n } from '../i18n/index.tsx';

/** 中文 / English; the names are each language's own, so they are the same in both catalogues. */
export function LanguageSwitch() {
  const { locale, setLocale, m } = useI18n();
  return (
    <Segmented<Locale>
      size="small"
      aria-label={m.app.language}
      value={locale}
      onChange={(v) => setLocale(v)}
      options={[{ label: '中文', value: 'zh-CN' }, { label: 'English', value: 'en-US' }]}
    />
  );
}
