/** The portal's client of /api/v1/portal: JSON in and out, the case's access token in X-Portal-Token. */
import type { ErrorIssue } from '@contract/errors.ts';
import type { PortalCaseView, PortalOrgView } from '@contract/portal.ts';
import type { PortalLocale } from './i18n/index.ts';

export type { PortalCaseView, PortalOrgView };

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorIssue[] = [],
  ) {
    super(message);
  }
}

let locale: PortalLocale = 'zh-CN';
export const setPortalLocale = (l: PortalLocale) => void (locale = l);

async function call<T>(method: string, path: string, opts: { json?: unknown; file?: File; token?: string } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/portal${path}`, {
      method,
      credentials: 'omit',
      headers: {
        accept: 'application/json',
        'accept-language': locale,
        ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.file ? { 'content-type': opts.file.type || 'application/octet-stream' } : {}),
        ...(opts.token ? { 'x-portal-token': opts.token } : {}),
      },
      body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.file,
    });
  } catch {
    throw new PortalError(0, 'network', '');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new PortalError(res.status, err?.code ?? 'internal_error', err?.message ?? res.statusText, Array.isArray(err?.details) ? (err.details as ErrorIssue[]) : []);
  }
  return data as T;
}

export interface Submission {
  consent: { accepted: true; notice_version: string; locale: PortalLocale };
  kind: string;
  content: string;
  customer: { name: string; phone: string; room?: string; address?: string; email?: string };
  category_id?: string;
  desired_outcome?: string;
}

export const portalApi = {
  org: (slug: string) => call<PortalOrgView>('GET', `/orgs/${encodeURIComponent(slug)}?locale=${locale}`),
  submit: (slug: string, body: Submission) => call<{ number: string; token: string }>('POST', `/orgs/${encodeURIComponent(slug)}/cases`, { json: body }),
  track: (slug: string, number: string, phone: string) =>
    call<{ token: string; case: PortalCaseView }>('POST', `/orgs/${encodeURIComponent(slug)}/track`, { json: { number, phone } }),
  view: (token: string) => call<PortalCaseView>('GET', '/case', { token }),
  note: (token: string, note: string) => call<PortalCaseView>('POST', '/case/notes', { json: { note }, token }),
  photo: (token: string, file: File) => call<{ filename: string }>('POST', `/case/photos?filename=${encodeURIComponent(file.name || 'photo.jpg')}`, { file, token }),
  visit: (token: string, body: { resolved: boolean; satisfaction: string; comment?: string }) => call<PortalCaseView>('POST', '/case/visit', { json: body, token }),
  contact: (token: string) => call<ContactPreferences>('GET', '/case/contact-preferences', { token }),
  saveContact: (token: string, body: Partial<Pick<ContactPreferences, 'preferred_channel' | 'locale'>>) => call<ContactPreferences>('PUT', '/case/contact-preferences', { json: body, token }),
};

/** How the customer wants to be told (null: the default, SMS then e-mail, in Chinese). */
export interface ContactPreferences {
  preferred_channel: 'sms' | 'email' | 'wechat' | 'none' | null;
  locale: PortalLocale | null;
  wechat_follower: boolean;
}
