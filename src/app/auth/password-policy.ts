import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../contract/errors.ts';
import { passwordProblems } from '../../domain/password-policy.ts';

// The 49,000 most common passwords of zxcvbn-ts's list (shipped in the npm package, no network at run time),
// plus ones common in China that the list misses.
const CHINA = ['woaini1314', 'woaini520', '5201314520', 'a123456789', 'qq123456789', '1qaz2wsx3edc', 'aa123456789', 'zxcvbnm123', 'qwer1234qwer', 'abc1234567'];
let common: Set<string> | undefined;

/** Whether a (lower-cased) password is one of the commonly used ones. */
export function isCommonPassword(lowercased: string): boolean {
  common ??= new Set([...(dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()), ...CHINA]);
  return common.has(lowercased);
}

/** @throws weak_password listing every rule the password breaks (details: path, code, min). */
export function assertPasswordAcceptable(password: string, opts: { minLength: number; username?: string; path?: string }) {
  const problems = passwordProblems(password, { minLength: opts.minLength, username: opts.username, isCommon: isCommonPassword });
  if (problems.length)
    throw new AppError(
      'weak_password',
      problems.map((p) => ({ path: opts.path ?? 'new_password', code: `password_${p}`, message: p, min: opts.minLength })),
    );
}
