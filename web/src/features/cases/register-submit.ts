import type { RegisterCaseRequest } from '@contract/cases.ts';
import { api, ApiError, type CaseSummary } from '../../api.ts';
import { errorText } from '../../errors.ts';
import type { Messages } from '../../i18n/zh-CN.ts';
import type { Evidence } from './EvidencePicker.tsx';
import { answerBody, type SettleValues } from './SettleOnSpot.tsx';

export type Registered = CaseSummary & { related_open_cases?: unknown[] };

/** What registering did: the case (already saved), then each upload, then settling on the spot if asked. */
export interface Outcome {
  created: Registered;
  uploaded: number;
  failedUploads: { name: string; reason: string }[];
  /** null: not asked to settle; true: closed on the spot; false: refused (settleError says why). */
  settled: boolean | null;
  settleError: string | null;
}

/** Drops blank optional fields: the API's schema is strict and '' is not a value. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    // Date pickers give Dayjs values; the API takes ISO instants.
    if (v && typeof v === 'object' && 'toISOString' in v && typeof v.toISOString === 'function') out[k] = (v as { toISOString(): string }).toISOString();
    else if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = compact(v as Record<string, unknown>);
    else if (typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null) out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out as T;
}

/**
 * Registers the case (idempotent under `key`), then uploads the evidence to it, then, if asked, settles it on the
 * spot with the `answer` action. Only the registration's own refusal throws (its fields go back onto the form);
 * once the case exists, an upload or the settling that fails is reported with the case number, never lost silently.
 */
export async function submitRegistration(
  values: RegisterCaseRequest & { settle?: SettleValues }, files: Evidence[], key: string, m: Messages,
): Promise<Outcome> {
  const { settle, ...rest } = values;
  const created = await api.register(compact(rest as RegisterCaseRequest), key);
  const out: Outcome = { created, uploaded: 0, failedUploads: [], settled: null, settleError: null };
  for (const f of files) {
    try {
      await api.uploadAttachment(created.id, f.file);
      out.uploaded += 1;
    } catch (e) {
      out.failedUploads.push({ name: f.file.name, reason: errorText(e, m) });
    }
  }
  if (settle?.on) {
    try {
      let version = created.version;
      try {
        out.created = { ...(await api.act(created.id, 'answer', answerBody(settle, version))), related_open_cases: created.related_open_cases };
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'version_conflict')) throw e;
        // Something recorded on the case meanwhile (an upload's event, a rule): answer at its current version.
        version = (await api.getCase(created.id)).version;
        out.created = { ...(await api.act(created.id, 'answer', answerBody(settle, version))), related_open_cases: created.related_open_cases };
      }
      out.settled = true;
    } catch (e) {
      out.settled = false;
      out.settleError = errorText(e, m);
    }
  }
  return out;
}
