/** Following a case: look it up by number and phone, see its progress, add information, answer the return visit. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { portalApi, type PortalCaseView } from './api.ts';
import { fill, useT } from './i18n/index.ts';
import { ContactPreferencesCard } from './Contact.tsx';
import { Field, PhotoPicker, focusFirstError, messageOf, uploadAll, type FieldErrors } from './form-kit.tsx';

export function Track({ slug, onFound }: { slug: string; onFound: (token: string) => void }) {
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

export function CasePage({ token, onOther }: { token: string; onOther: () => void }) {
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
      <ContactPreferencesCard token={token} />
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

