import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { PortalError, portalApi, setPortalLocale, type PortalCaseView, type PortalOrgView, type Submission } from './api.ts';
import { CATALOGUES, fill, initialLocale, LocaleContext, rememberLocale, useT, type Catalogue, type PortalLocale } from './i18n/index.ts';

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

/** Field errors by path, in the customer's words. */
type FieldErrors = Record<string, string>;
function fieldErrors(e: unknown, t: Catalogue): FieldErrors {
  if (!(e instanceof PortalError)) return {};
  const out: FieldErrors = {};
  for (const d of e.details) out[d.path] = d.code === 'required' ? t.issue_required : d.code === 'invalid_phone' ? t.issue_invalid_phone : t.issue_invalid;
  return out;
}
const messageOf = (e: unknown, t: Catalogue) => (e instanceof PortalError && e.code !== 'network' ? e.message : t.network);

/** Moves focus to the first field in error (in form order), below the header. */
function focusFirstError(form: HTMLFormElement | null) {
  const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (el) {
    el.focus();
    el.scrollIntoView({ block: 'center' });
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

function Consent({ org, onAccept }: { org: PortalOrgView; onAccept: () => void }) {
  const { t } = useT();
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!checked) {
      setError(true);
      box.current?.focus();
      return;
    }
    onAccept();
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2>{t.notice_title}</h2>
      <div className="p-notice" tabIndex={0} aria-label={t.notice_title}>
        {(org.privacy_notice.text ?? t.notice_standard).split(/\n+/).map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
      <div className="p-check">
        <input id="consent" ref={box} type="checkbox" checked={checked} aria-invalid={error} aria-describedby={error ? 'consent-error' : undefined} onChange={(e) => { setChecked(e.target.checked); setError(false); }} />
        <label htmlFor="consent">{t.consent_label}</label>
      </div>
      {error && <p id="consent-error" className="p-field-error" role="alert">{t.consent_required}</p>}
      <button type="submit" className="p-primary">{t.continue}</button>
    </form>
  );
}

function Field(props: { id: string; label: string; hint?: string; error?: string | undefined; children: (a: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const described = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="p-field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.hint && <span id={`${props.id}-hint`} className="p-hint">{props.hint}</span>}
      {props.children({ id: props.id, 'aria-invalid': Boolean(props.error), ...(described ? { 'aria-describedby': described } : {}) })}
      {props.error && <span id={`${props.id}-error`} className="p-field-error">{props.error}</span>}
    </div>
  );
}

/** Two ways to add photos, as phones offer them: the camera, or the album. */
function PhotoPicker({ files, onChange }: { files: File[]; onChange: (f: File[]) => void }) {
  const { t } = useT();
  const id = useId();
  const add = (list: FileList | null) => onChange([...files, ...Array.from(list ?? [])].slice(0, 9));
  return (
    <fieldset className="p-field p-photos">
      <legend>{t.photos_label}</legend>
      <div className="p-photo-buttons">
        <input id={`${id}-camera`} className="p-visually-hidden" type="file" accept="image/*" capture="environment" onChange={(e) => { add(e.target.files); e.target.value = ''; }} />
        <label className="p-secondary" htmlFor={`${id}-camera`}>{t.take_photo}</label>
        <input id={`${id}-album`} className="p-visually-hidden" type="file" accept="image/*" multiple onChange={(e) => { add(e.target.files); e.target.value = ''; }} />
        <label className="p-secondary" htmlFor={`${id}-album`}>{t.choose_photos}</label>
      </div>
      {files.length > 0 && (
        <>
          <p className="p-hint" aria-live="polite">{fill(t.photos_chosen, { n: files.length })}</p>
          <ul className="p-photo-list">
            {files.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                <span>{f.name}</span>
                <button type="button" className="p-link" aria-label={fill(t.remove_photo, { name: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>×</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}

async function uploadAll(token: string, files: File[]): Promise<number> {
  let failed = 0;
  for (const f of files) {
    try {
      await portalApi.photo(token, f);
    } catch {
      failed += 1; // counted and told to the customer, who can add it again from the case page
    }
  }
  return failed;
}

function SubmitForm({ org, slug, onDone }: { org: PortalOrgView; slug: string; onDone: (number: string, token: string, failedPhotos: number) => void }) {
  const { t, locale } = useT();
  const form = useRef<HTMLFormElement>(null);
  const [kind, setKind] = useState('complaint');
  const [v, setV] = useState({ content: '', name: '', phone: '', room: '', address: '', category_id: '', desired_outcome: '' });
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = new Set(org.required_fields);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const opt = (label: string, path: string) => (required.has(path) ? label : `${label}${t.optional}`);

  useEffect(() => {
    if (Object.keys(errors).length > 0) focusFirstError(form.current);
  }, [errors]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!v.content.trim()) local.content = t.issue_required;
    if (!v.name.trim()) local['customer.name'] = t.issue_required;
    if (!v.phone.trim()) local['customer.phone'] = t.issue_required;
    for (const p of ['customer.room', 'customer.address'] as const) if (required.has(p) && !v[p === 'customer.room' ? 'room' : 'address'].trim()) local[p] = t.issue_required;
    if (Object.keys(local).length > 0) {
      setMessage(t.errors_summary);
      return setErrors(local);
    }
    const body: Submission = {
      consent: { accepted: true, notice_version: org.privacy_notice.version, locale },
      kind,
      content: v.content.trim(),
      customer: { name: v.name.trim(), phone: v.phone.trim(), ...(v.room.trim() ? { room: v.room.trim() } : {}), ...(v.address.trim() ? { address: v.address.trim() } : {}) },
      ...(v.category_id ? { category_id: v.category_id } : {}),
      ...(v.desired_outcome.trim() ? { desired_outcome: v.desired_outcome.trim() } : {}),
    };
    setBusy(true);
    setMessage(null);
    try {
      const out = await portalApi.submit(slug, body);
      const failed = await uploadAll(out.token, files);
      onDone(out.number, out.token, failed);
    } catch (err) {
      const fe = fieldErrors(err, t);
      setMessage(Object.keys(fe).length > 0 ? t.errors_summary : messageOf(err, t));
      setErrors(fe);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      {message && <p role="alert" className="p-error-box">{message}</p>}
      <fieldset className="p-field">
        <legend>{t.kind_label}</legend>
        <div className="p-choices">
          {org.kinds.map((k) => (
            <label key={k} className="p-choice">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t.kinds[k]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {org.categories.length > 0 && (
        <Field id="category" label={t.category_label}>
          {(a) => (
            <select {...a} value={v.category_id} onChange={set('category_id')}>
              <option value="">{t.category_none}</option>
              {org.categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          )}
        </Field>
      )}
      <Field id="content" label={t.content_label} hint={t.content_hint} error={errors.content}>
        {(a) => <textarea {...a} rows={5} maxLength={5000} value={v.content} onChange={set('content')} />}
      </Field>
      <PhotoPicker files={files} onChange={setFiles} />
      <Field id="name" label={t.name_label} error={errors['customer.name']}>
        {(a) => <input {...a} autoComplete="name" maxLength={100} value={v.name} onChange={set('name')} />}
      </Field>
      <Field id="phone" label={t.phone_label} hint={t.phone_hint} error={errors['customer.phone']}>
        {(a) => <input {...a} type="tel" inputMode="tel" autoComplete="tel" maxLength={30} value={v.phone} onChange={set('phone')} />}
      </Field>
      <Field id="room" label={opt(t.room_label, 'customer.room')} hint={t.room_hint} error={errors['customer.room']}>
        {(a) => <input {...a} maxLength={50} value={v.room} onChange={set('room')} />}
      </Field>
      <Field id="address" label={opt(t.address_label, 'customer.address')} error={errors['customer.address']}>
        {(a) => <input {...a} autoComplete="street-address" maxLength={300} value={v.address} onChange={set('address')} />}
      </Field>
      <Field id="outcome" label={t.outcome_label} error={errors.desired_outcome}>
        {(a) => <textarea {...a} rows={2} maxLength={2000} value={v.desired_outcome} onChange={set('desired_outcome')} />}
      </Field>
      <button type="submit" className="p-primary" disabled={busy}>{busy ? t.submitting : t.submit}</button>
    </form>
  );
}

function Done({ number, failedPhotos, onProgress, onAgain }: { number: string; failedPhotos: number; onProgress: () => void; onAgain: () => void }) {
  const { t } = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="done-title">
      <h2 id="done-title" ref={heading} tabIndex={-1}>{t.done_title}</h2>
      <p className="p-label">{t.done_number}</p>
      <p className="p-number" data-testid="case-number">{number}</p>
      <p>{t.done_hint}</p>
      {failedPhotos > 0 && <p role="alert" className="p-error-box">{fill(t.photos_failed, { n: failedPhotos })}</p>}
      <button type="button" className="p-primary" onClick={onProgress}>{t.view_progress}</button>
      <button type="button" className="p-secondary p-block" onClick={onAgain}>{t.new_submission}</button>
    </section>
  );
}

function Track({ slug, onFound }: { slug: string; onFound: (token: string) => void }) {
  const { t } = useT();
  const form = useRef<HTMLFormElement>(null);
  const [number, setNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (Object.keys(errors).length > 0) focusFirstError(form.current);
  }, [errors]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!number.trim()) local.number = t.issue_required;
    if (!phone.trim()) local.phone = t.issue_required;
    setErrors(local);
    if (Object.keys(local).length > 0) return setMessage(t.errors_summary);
    setBusy(true);
    setMessage(null);
    try {
      onFound((await portalApi.track(slug, number.trim(), phone.trim())).token);
    } catch (err) {
      setMessage(messageOf(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} onSubmit={submit} noValidate>
      <h2>{t.track_title}</h2>
      {message && <p role="alert" className="p-error-box">{message}</p>}
      <Field id="number" label={t.number_label} hint={t.number_hint} error={errors.number}>
        {(a) => <input {...a} autoCapitalize="characters" maxLength={40} value={number} onChange={(e) => setNumber(e.target.value)} />}
      </Field>
      <Field id="track-phone" label={t.phone_label} error={errors.phone}>
        {(a) => <input {...a} type="tel" inputMode="tel" autoComplete="tel" maxLength={30} value={phone} onChange={(e) => setPhone(e.target.value)} />}
      </Field>
      <button type="submit" className="p-primary" disabled={busy}>{t.track_submit}</button>
    </form>
  );
}

function CasePage({ token, onOther }: { token: string; onOther: () => void }) {
  const { t, locale } = useT();
  const [c, setC] = useState<PortalCaseView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    portalApi.view(token).then(setC, (e: unknown) => setError(messageOf(e, t)));
  }, [token, t]);
  const when = (iso: string) => new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  if (error) return <><p role="alert" className="p-error-box">{error}</p><button type="button" className="p-secondary p-block" onClick={onOther}>{t.lookup_other}</button></>;
  if (!c) return <p aria-live="polite">{t.loading}</p>;
  return (
    <section aria-labelledby="case-title">
      <h2 id="case-title">{t.case_title}</h2>
      <p className="p-number" data-testid="case-number">{c.number}</p>
      <dl className="p-facts">
        <dt>{t.stage_label}</dt>
        <dd className={`p-stage p-stage-${c.stage}`} data-testid="stage">{t.stages[c.stage]}</dd>
        <dt>{t.kind_label}</dt>
        <dd>{t.kinds[c.kind] ?? c.kind}</dd>
        <dt>{t.submitted_at}</dt>
        <dd>{when(c.submitted_at)}</dd>
      </dl>
      <p className="p-subject">{c.subject}</p>
      {c.photos > 0 && <p className="p-hint">{fill(t.photos_count, { n: c.photos })}</p>}
      {notice && <p role="status" className="p-ok-box">{notice}</p>}
      {c.can_answer_visit && <Visit token={token} onDone={(next) => { setC(next); setNotice(next.stage === 'in_progress' ? t.visit_reopened : t.visit_thanks); }} />}
      <h3>{t.progress_title}</h3>
      <ol className="p-progress">
        {[...c.progress].reverse().map((p, i) => (
          <li key={i} className={`p-progress-${p.type}`}>
            <time dateTime={p.at}>{when(p.at)}</time>
            {p.type === 'stage' && <span>{fill(t.progress_stage, { stage: t.stages[p.stage ?? 'received'] ?? '' })}</span>}
            {p.type !== 'stage' && (
              <>
                <strong>{p.type === 'reply' ? t.progress_reply : t.progress_mine}</strong>
                <span className="p-note">{p.text}</span>
              </>
            )}
          </li>
        ))}
      </ol>
      {c.can_add_information && <AddInfo token={token} onDone={(next) => { setC(next); setNotice(t.added); }} />}
      <button type="button" className="p-secondary p-block" onClick={onOther}>{t.lookup_other}</button>
    </section>
  );
}

function AddInfo({ token, onDone }: { token: string; onDone: (c: PortalCaseView) => void }) {
  const { t } = useT();
  const form = useRef<HTMLFormElement>(null);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (error) focusFirstError(form.current);
  }, [error]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim() && files.length === 0) return setError(t.issue_required);
    setBusy(true);
    setMessage(null);
    try {
      const failed = await uploadAll(token, files);
      const next = note.trim() ? await portalApi.note(token, note.trim()) : await portalApi.view(token);
      if (failed > 0) setMessage(fill(t.photos_failed, { n: failed }));
      setNote('');
      setFiles([]);
      setError(null);
      onDone(next);
    } catch (err) {
      setMessage(messageOf(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} onSubmit={submit} noValidate className="p-card">
      <h3>{t.add_title}</h3>
      {message && <p role="alert" className="p-error-box">{message}</p>}
      <Field id="add-note" label={t.add_label} error={error ?? undefined}>
        {(a) => <textarea {...a} rows={3} maxLength={2000} value={note} onChange={(e) => { setNote(e.target.value); setError(null); }} />}
      </Field>
      <PhotoPicker files={files} onChange={setFiles} />
      <button type="submit" className="p-primary" disabled={busy}>{t.add_submit}</button>
    </form>
  );
}

function Visit({ token, onDone }: { token: string; onDone: (c: PortalCaseView) => void }) {
  const { t } = useT();
  const form = useRef<HTMLFormElement>(null);
  const [resolved, setResolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (Object.keys(errors).length > 0) focusFirstError(form.current);
  }, [errors]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (resolved === null) local.resolved = t.issue_required;
    if (satisfaction === null) local.satisfaction = t.issue_required;
    setErrors(local);
    if (resolved === null || satisfaction === null) return;
    setBusy(true);
    try {
      onDone(await portalApi.visit(token, { resolved, satisfaction, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    } catch (err) {
      setMessage(messageOf(err, t));
    } finally {
      setBusy(false);
    }
  };
  const group = (name: string, legend: string, options: [string, string][], value: string | null, onPick: (v: string) => void) => (
    <fieldset className="p-field" aria-describedby={errors[name] ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="p-choices">
        {options.map(([val, label], i) => (
          <label key={val} className="p-choice">
            <input type="radio" name={name} value={val} checked={value === val} aria-invalid={i === 0 && Boolean(errors[name])} onChange={() => onPick(val)} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {errors[name] && <span id={`${name}-error`} className="p-field-error">{errors[name]}</span>}
    </fieldset>
  );
  return (
    <form ref={form} onSubmit={submit} noValidate className="p-card p-visit">
      <h3>{t.visit_title}</h3>
      <p>{t.visit_intro}</p>
      {message && <p role="alert" className="p-error-box">{message}</p>}
      {group('resolved', t.visit_resolved, [['yes', t.yes], ['no', t.no]], resolved === null ? null : resolved ? 'yes' : 'no', (x) => setResolved(x === 'yes'))}
      {group('satisfaction', t.visit_satisfaction, Object.entries(t.satisfaction), satisfaction, setSatisfaction)}
      <Field id="visit-comment" label={t.visit_comment}>
        {(a) => <textarea {...a} rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />}
      </Field>
      <button type="submit" className="p-primary" disabled={busy}>{t.visit_submit}</button>
    </form>
  );
}
