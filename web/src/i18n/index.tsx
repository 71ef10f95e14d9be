import { ConfigProvider, App as AntApp } from 'antd';
import antdEn from 'antd/locale/en_US';
import antdZh from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '@contract/enums.ts';
import { setApiLocale } from '../api.ts';
import { enUS } from './en-US.ts';
import { zhCN, type Messages } from './zh-CN.ts';

const STORAGE_KEY = 'qingting.locale';

/**
 * Theme tokens chosen for text contrast of at least 4.5:1 on white (issue 9): the default placeholder (#bfbfbf, 1.8:1)
 * and secondary/tertiary texts are darkened; the primary blue is #0958d9 (5.6:1 on white, and white on it) instead of
 * #1677ff (4.1:1: the current page number, primary buttons). Checked in a browser by e2e/contrast.test.ts.
 */
const THEME = {
  token: {
    colorPrimary: '#0958d9',
    // White on the bell's count badge, and error text on white: 5.7:1 (#ff4d4f gives 3.3:1).
    colorError: '#cf1322',
    colorTextPlaceholder: '#6b6b6b',
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextDisabled: '#737373',
    colorLink: '#0958d9',
  },
};
const catalogues: Record<Locale, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

/** Fills `{name}` placeholders in a catalogue string. */
export function fmt(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

interface I18n {
  locale: Locale;
  m: Messages;
  setLocale: (l: Locale) => void;
}

const I18nContext = createContext<I18n | null>(null);

function applyLocale(l: Locale) {
  setApiLocale(l);
  dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = l;
  document.title = l === 'zh-CN' ? '倾听 · 客户投诉处理' : 'Qingting · Complaint handling';
}

/** The chosen UI language (zh-CN by default, remembered in localStorage); drives antd, dayjs and Accept-Language. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale();
    applyLocale(l);
    return l;
  });
  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    applyLocale(l);
    setLocaleState(l);
  }, []);
  const value = useMemo(() => ({ locale, m: catalogues[locale], setLocale }), [locale, setLocale]);
  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider locale={locale === 'zh-CN' ? antdZh : antdEn} theme={THEME}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
