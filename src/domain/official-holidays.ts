import data from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** One day of mainland China's official calendar that differs from the plain Mon–Fri week. */
export interface OfficialCalendarRow {
  date: string; // 'YYYY-MM-DD'
  /** `closed`: public holiday (including the weekend days inside it); `working`: make-up working day 调休. */
  kind: 'closed' | 'working';
  /** English name of the holiday the day belongs to, e.g. 'Spring Festival'. */
  name: string;
}

/** The package stores each day as "English name,中文名,n", e.g. "Spring Festival,春节,4". */
type DayTable = Record<string, string>;
const holidays: DayTable = data.holidays;
const workdays: DayTable = data.workdays;

function parseLabel(label: string): { en: string; zh: string } {
  const [en = '', zh = ''] = label.split(',');
  return { en: en.trim(), zh: zh.trim() };
}

let rowsCache: readonly OfficialCalendarRow[] | null = null;

/**
 * Every official holiday and make-up working day the `chinese-days` package knows, sorted by date, so the
 * business calendar can tell 调休 Saturdays from ordinary weekends.
 */
export function officialCalendarRows(): readonly OfficialCalendarRow[] {
  if (rowsCache) return rowsCache;
  const rows: OfficialCalendarRow[] = [];
  for (const [date, label] of Object.entries(holidays)) rows.push({ date, kind: 'closed', name: parseLabel(label).en });
  for (const [date, label] of Object.entries(workdays)) rows.push({ date, kind: 'working', name: parseLabel(label).en });
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  rowsCache = Object.freeze(rows.map((row) => Object.freeze(row)));
  return rowsCache;
}

/** Years for which the package has official data; a business calendar falls back to Mon–Fri outside them. */
export function officialYears(): number[] {
  const years = new Set<number>();
  for (const date of Object.keys(holidays)) years.add(Number(date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

/** English → Chinese holiday names found in the data, e.g. 'National Day' → '国庆节', for display. */
export function officialHolidayNames(): Record<string, string> {
  const names: Record<string, string> = {};
  for (const label of [...Object.values(holidays), ...Object.values(workdays)]) {
    const { en, zh } = parseLabel(label);
    names[en] = zh;
  }
  return names;
}
