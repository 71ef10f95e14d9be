/** Pieces every portal form shares: labelled fields, the photo picker, errors in the customer's words. */
import { useId, type ReactNode } from 'react';
import { PortalError, portalApi } from './api.ts';
import { fill, useT, type Catalogue } from './i18n/index.ts';

/** Field errors by path, in the customer's words. */
export type FieldErrors = Record<string, string>;
export function fieldErrors(e: unknown, t: Catalogue): FieldErrors {
  if (!(e instanceof PortalError)) return {};
  const out: FieldErrors = {};
  for (const d of e.details) out[d.path] = d.code === 'required' ? t.issue_required : d.code === 'invalid_phone' ? t.issue_invalid_phone : t.issue_invalid;
  return out;
}
export const messageOf = (e: unknown, t: Catalogue) => (e instanceof PortalError && e.code !== 'network' ? e.message : t.network);

/** Moves focus to the first field in error (in form order), below the header. */
export function focusFirstError(form: HTMLFormElement | null) {
  const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (el) {
    el.focus();
    el.scrollIntoView({ block: 'center' });
  }
}

export function Field(props: { id: string; label: string; hint?: string; error?: string | undefined; children: (a: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
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
export function PhotoPicker({ files, onChange }: { files: File[]; onChange: (f: File[]) => void }) {
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

export async function uploadAll(token: string, files: File[]): Promise<number> {
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

