import { createContext, useContext } from 'react';
import { enUS } from './en-US.ts';
import { zhCN } from './zh-CN.ts';

export type PortalLocale = 'zh-CN' | 'en-US';
export type Catalogue = typeof zhCN;
export const CATALOGUES: Record<PortalLocale, Catalogue> = { 'zh-CN': zhCN, 'en-US': enUS };

const KEY = 'qingting.portal.locale';

/** The language the customer chose last on this phone, else Simplified Chinese. */
export function initialLocale(): PortalLocale {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN'; // storage blocked (private mode): the default
  }
}

export function rememberLocale(l: PortalLocale) {
  try {
    localStorage.setItem(KEY, l);
  } catch {
    // storage blocked (private mode): the choice lasts for this page only
  }
}

/** Fills {name} placeholders. */
export const fill = (s: string, params: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

export const LocaleContext = createContext<{ locale: PortalLocale; t: Catalogue }>({ locale: 'zh-CN', t: zhCN });
export const useT = () => useContext(LocaleContext);
