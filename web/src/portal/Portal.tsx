import { useEffect, useMemo, useState } from 'react';
import { PortalError, portalApi, setPortalLocale, type PortalOrgView } from './api.ts';
import { CATALOGUES, initialLocale, LocaleContext, rememberLocale, type PortalLocale } from './i18n/index.ts';
import { messageOf } from './form-kit.tsx';
import { CasePage, Track } from './Follow.tsx';
import { Consent, Done, SubmitForm } from './Submit.tsx';

type View = { name: 'consent' } | { name: 'form' } | { name: 'done'; number: string; token: string; failedPhotos: number } | { name: 'track' } | { name: 'case'; token: string };

/** The organisation's slug: /portal/<slug>. */
const slugOf = (path: string) => /^\/portal\/([a-z0-9-]+)/.exec(path)?.[1];

const CASE_KEY = 'qingting.portal.case';

/** The case this tab last opened (so a reload, common in WeChat, keeps it while its token lasts). */
function rememberedCase(slug: string | undefined): View | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(CASE_KEY) ?? 'null') as { slug?: string; token?: string } | null;
    return v && v.slug === slug && typeof v.token === 'string' ? { name: 'case', token: v.token } : null;
  } catch {
    return null; // storage blocked or unreadable: start afresh
  }
}
function rememberCase(slug: string | undefined, token: string | null) {
  try {
    if (token) sessionStorage.setItem(CASE_KEY, JSON.stringify({ slug, token }));
    else sessionStorage.removeItem(CASE_KEY);
  } catch {
    // storage blocked: the case stays open until the page is reloaded
  }
}

export function Portal() {
  const [locale, setLocale] = useState<PortalLocale>(initialLocale);
  const t = CATALOGUES[locale];
  const slug = slugOf(window.location.pathname);
  const [org, setOrg] = useState<PortalOrgView | null>(null);
  const [orgError, setOrgError] = useState<string | null>(null);
  const [view, setViewState] = useState<View>(() => rememberedCase(slug) ?? { name: 'consent' });
  const setView = (v: View) => {
    if (v.name === 'case' || v.name === 'done') rememberCase(slug, v.token);
    setViewState(v);
  };
  const [consented, setConsented] = useState(false);
  setPortalLocale(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    if (!slug) return setOrgError(t.org_missing);
    portalApi.org(slug).then(
      (o) => {
        setOrg(o);
        setOrgError(null);
        document.title = `${o.name} · ${t.title}`;
      },
      (e: unknown) => setOrgError(e instanceof PortalError && e.status === 404 ? t.org_missing : messageOf(e, t)),
    );
  }, [slug, locale, t]);

  const switchLocale = () => {
    const next = locale === 'zh-CN' ? 'en-US' : 'zh-CN';
    rememberLocale(next);
    setLocale(next);
  };
  const ctx = useMemo(() => ({ locale, t }), [locale, t]);
  const tab = view.name === 'track' || view.name === 'case' ? 'track' : 'submit';

  return (
    <LocaleContext.Provider value={ctx}>
      <header className="p-header">
        <div className="p-header-row">
          <h1 className="p-title">{org?.name ?? t.title}</h1>
          <button type="button" className="p-lang" onClick={switchLocale} aria-label={t.switch_label} lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}>
            {t.switch_to}
          </button>
        </div>
        {org && (
          <nav className="p-tabs" aria-label={t.title}>
            <button type="button" aria-current={tab === 'submit' ? 'page' : undefined} onClick={() => setView(consented ? { name: 'form' } : { name: 'consent' })}>
              {t.tab_submit}
            </button>
            <button type="button" aria-current={tab === 'track' ? 'page' : undefined} onClick={() => setView({ name: 'track' })}>
              {t.tab_track}
            </button>
          </nav>
        )}
      </header>
      <main className="p-main">
        {orgError && <p role="alert" className="p-error-box">{orgError}</p>}
        {!org && !orgError && <p aria-live="polite">{t.loading}</p>}
        {org && view.name === 'consent' && (
          <Consent
            org={org}
            onAccept={() => {
              setConsented(true);
              setView({ name: 'form' });
            }}
          />
        )}
        {org && view.name === 'form' && slug && <SubmitForm org={org} slug={slug} onDone={(number, token, failedPhotos) => setView({ name: 'done', number, token, failedPhotos })} />}
        {view.name === 'done' && (
          <Done number={view.number} failedPhotos={view.failedPhotos} onProgress={() => setView({ name: 'case', token: view.token })} onAgain={() => setView({ name: 'form' })} />
        )}
        {org && view.name === 'track' && slug && <Track slug={slug} onFound={(token) => setView({ name: 'case', token })} />}
        {view.name === 'case' && (
          <CasePage
            token={view.token}
            onOther={() => {
              rememberCase(slug, null);
              setView({ name: 'track' });
            }}
          />
        )}
      </main>
    </LocaleContext.Provider>
  );
}

