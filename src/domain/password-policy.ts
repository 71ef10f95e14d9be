/** Why a new password is refused; each reason is a message key in the catalogues. */
export type PasswordProblem = 'too_short' | 'blank' | 'common' | 'same_as_username';

/**
 * The password rules: at least `minLength` characters, not only white space, not one of the commonly used
 * passwords (`isCommon`, case-insensitive), not the username. Returns every problem found, none when acceptable.
 */
export function passwordProblems(
  password: string,
  opts: { minLength: number; username?: string | undefined; isCommon: (lowercased: string) => boolean },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.trim() === '') problems.push('blank');
  if ([...password].length < opts.minLength) problems.push('too_short');
  const lower = password.toLowerCase();
  if (password.trim() !== '' && (opts.isCommon(lower) || opts.isCommon(lower.trim()))) problems.push('common');
  if (opts.username && lower.trim() === opts.username.toLowerCase()) problems.push('same_as_username');
  return problems;
}
