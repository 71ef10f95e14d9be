import type { FormInstance } from 'antd';

/**
 * antd's `scrollToFirstError` for every workbench form: the first field in error is scrolled to the top of the window
 * (its `scroll-margin-top` in styles.css keeps it and its label below the sticky header), then focused, so a
 * keyboard user types straight into it.
 */
export const SCROLL_TO_ERROR = { block: 'start', scrollMode: 'always', focus: true } as const;

/** After the server refused some fields (form.setFields): the same focus and scroll to the first of them, in form order. */
export function focusFirstError(form: FormInstance) {
  const first = form.getFieldsError().find((f) => f.errors.length > 0);
  if (first) form.scrollToField(first.name, SCROLL_TO_ERROR);
}
