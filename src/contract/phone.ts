/**
 * A customer's phone in mainland China: a mobile (1[3-9] and 9 digits, optionally +86) or a landline with its
 * area code (0xx / 0xxx, 7–8 digits, e.g. 010-12345678, (0755) 1234567 转 801, ext./x). Short service numbers
 * such as 12345 are not a customer's phone.
 */
export function isChinesePhone(raw: string): boolean {
  const s = raw.replace(/[\s\-()（）]/g, '');
  if (/^(\+?86)?1[3-9]\d{9}$/.test(s)) return true;
  return /^(\+?86)?0\d{2,3}\d{7,8}((转|分机|ext\.?|x|#)\d{1,6})?$/i.test(s);
}
