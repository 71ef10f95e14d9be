/** Masks the middle of a phone number: 13812341234 → 138****1234; short numbers keep only the last 2 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return phone ?? null;
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length >= 7) return `${digits.slice(0, 2)}****${digits.slice(-2)}`;
  return '****';
}

export function normalisePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
}

/** Masks the WeChat OpenID a follower's case carries as its external reference (`wechat:<OpenID>`), keeping the
 * last six characters the customer's name shows; any other external reference (a hotline's number) is kept. */
export function maskExternalRef(ref: string | null | undefined): string | null {
  if (!ref) return ref ?? null;
  return ref.startsWith('wechat:') ? `wechat:****${ref.slice(-6)}` : ref;
}

/** Masks an e-mail address's local part: wang.li@example.com → w***@example.com. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return email ?? null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * Whether a phone search term of someone who sees masked numbers reveals nothing they cannot see: the
 * complete number (which they must already know), or the last four digits of a mobile number (shown in its
 * mask, 138****1234). Anything else (a middle fragment, a prefix) would let them recover hidden digits.
 */
export function maskedPhoneSearch(term: string): { exact: string } | { lastFour: string } | null {
  const digits = normalisePhone(term);
  if (/^\d{4}$/.test(digits)) return { lastFour: digits };
  if (/^\d{7,}$/.test(digits)) return { exact: digits };
  return null;
}
