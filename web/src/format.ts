/** Dates, durations and money are formatted here and nowhere else (Asia/Shanghai, 24-hour clock). */

const TIME_ZONE = 'Asia/Shanghai';

const dateTimeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** "2026-11-23 14:05" in Beijing time; '' for a missing value. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(dateTimeParts.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "2026-11-23" in Beijing time. */
export function formatDate(value: string | Date | null | undefined): string {
  return formatDateTime(value).slice(0, 10);
}

/** A span of minutes as "3 d 4 h", "2 h 5 min" or "40 min" using the catalogue's templates. */
export function formatMinutes(total: number, t: { minutes: string; hours: string; days: string }): string {
  const n = Math.round(Math.abs(total));
  const fill = (s: string, p: Record<string, number>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => String(p[k] ?? ''));
  if (n < 60) return fill(t.minutes, { n });
  if (n < 24 * 60) return fill(t.hours, { h: Math.floor(n / 60), m: n % 60 });
  return fill(t.days, { d: Math.floor(n / 1440), h: Math.floor((n % 1440) / 60) });
}

const money = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY' });
export function formatMoney(amount: number | null | undefined): string {
  return amount === null || amount === undefined ? '' : money.format(amount);
}
