/** Raising something: the privacy notice and consent, the form, and the number handed back. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { portalApi, type PortalOrgView, type Submission } from './api.ts';
import { fill, useT } from './i18n/index.ts';
import { Field, PhotoPicker, fieldErrors, focusFirstError, messageOf, uploadAll, type FieldErrors } from './form-kit.tsx';

export function Consent({ org, onAccept }: { org: PortalOrgView; onAccept: () => void }) {
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

export function SubmitForm({ org, slug, onDone }: { org: PortalOrgView; slug: string; onDone: (number: string, token: string, failedPhotos: number) => void }) {
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

export function Done({ number, failedPhotos, onProgress, onAgain }: { number: string; failedPhotos: number; onProgress: () => void; onAgain: () => void }) {
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

