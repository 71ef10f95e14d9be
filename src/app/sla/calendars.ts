import { businessCalendar, type BusinessCalendar, type Period } from '../../domain/calendar.ts';
import { many, one, type Db } from '../../store/db.ts';

/**
 * The business calendar of a unit, built from the editable `calendar_days` table (official rows first, then the
 * organisation's own days, then each unit's along its path, root first) and the nearest business hours up the
 * tree, in the organisation's time zone. Cached per organisation and checked against `calendar_version` on every
 * load, so an admin change in one process is seen by all.
 */

interface OrgCalendarData {
  version: number;
  timeZone: string;
  official: { date: string; kind: 'closed' | 'working' }[];
  orgDays: { date: string; kind: 'closed' | 'working' }[];
  unitDays: Map<string, { date: string; kind: 'closed' | 'working' }[]>;
  hours: Map<string | null, Period[]>;
  knownYears: number[];
  unitPaths: Map<string, string[]>;
  built: Map<string, BusinessCalendar>;
  /** The organisation's configuration version (org-config.ts) this data was last checked against. */
  configVersion?: number;
}

const cache = new Map<string, OrgCalendarData>();
const MAX_ORGS = 500;

async function loadOrg(db: Db, orgId: string, configVersion?: number): Promise<OrgCalendarData> {
  const current = cache.get(orgId);
  // Calendar days, business hours, the calendar version and the time zone all bump the configuration version: a
  // caller that has just read it (org-config.ts) needs no check of its own.
  if (configVersion !== undefined && current?.configVersion === configVersion) return current;
  const head = await one<{ version: number | null; time_zone: string }>(
    db,
    `select s.calendar_version as version, o.time_zone from organisations o left join sla_settings s on s.org_id = o.id where o.id = $1`,
    [orgId],
  );
  const version = head?.version ?? 0;
  const timeZone = head?.time_zone ?? 'Asia/Shanghai';
  const hit = cache.get(orgId);
  if (hit && hit.version === version && hit.timeZone === timeZone) {
    if (configVersion !== undefined) hit.configVersion = configVersion;
    return hit;
  }

  const days = await many<{ unit_id: string | null; date: string; kind: 'closed' | 'working'; source: string }>(
    db,
    `select unit_id, date::text as date, kind, source from calendar_days where org_id = $1 order by date`,
    [orgId],
  );
  const hours = await many<{ unit_id: string | null; periods: Period[] }>(db, 'select unit_id, periods from business_hours where org_id = $1', [orgId]);
  const data: OrgCalendarData = {
    version, timeZone, official: [], orgDays: [], unitDays: new Map(), hours: new Map(hours.map((h) => [h.unit_id, h.periods])),
    knownYears: [], unitPaths: hit?.unitPaths ?? new Map(), built: new Map(),
  };
  const years = new Set<number>();
  for (const d of days) {
    const row = { date: d.date, kind: d.kind };
    if (d.source === 'official') {
      data.official.push(row);
      years.add(Number(d.date.slice(0, 4)));
    } else if (d.source === 'org') data.orgDays.push(row);
    else if (d.unit_id) data.unitDays.set(d.unit_id, [...(data.unitDays.get(d.unit_id) ?? []), row]);
  }
  // A year counts as known when it has at least one official holiday (every real year has several).
  data.knownYears = [...years].sort((a, b) => a - b);
  if (configVersion !== undefined) data.configVersion = configVersion;
  if (cache.size >= MAX_ORGS) cache.clear();
  cache.set(orgId, data);
  return data;
}

async function unitPath(db: Db, data: OrgCalendarData, orgId: string, unitId: string): Promise<string[]> {
  let path = data.unitPaths.get(unitId);
  if (!path) {
    const u = await one<{ path: string[] }>(db, 'select path from units where org_id = $1 and id = $2', [orgId, unitId]);
    path = u?.path ?? [unitId];
    data.unitPaths.set(unitId, path);
  }
  return path;
}

/** The business calendar that applies to cases of `unitId` (or the organisation's own when null). With the
 * organisation's configuration version just read (org-config.ts), a current cache answers without a statement. */
export async function calendarFor(db: Db, orgId: string, unitId: string | null, configVersion?: number): Promise<BusinessCalendar> {
  const data = await loadOrg(db, orgId, configVersion);
  const key = unitId ?? '';
  const built = data.built.get(key);
  if (built) return built;
  const path = unitId ? await unitPath(db, data, orgId, unitId) : [];
  let periods = data.hours.get(null);
  for (const id of path) periods = data.hours.get(id) ?? periods;
  const cal = businessCalendar({
    timeZone: data.timeZone,
    ...(periods ? { periods } : {}),
    days: [...data.official, ...data.orgDays, ...path.flatMap((id) => data.unitDays.get(id) ?? [])],
    knownYears: data.knownYears,
  });
  data.built.set(key, cal);
  return cal;
}

/** Within one request or sweep: one version check per organisation, then calendars from memory. */
export function calendarMemo(db: Db) {
  const memo = new Map<string, Promise<BusinessCalendar>>();
  return (orgId: string, unitId: string | null) => {
    const key = `${orgId}|${unitId ?? ''}`;
    let p = memo.get(key);
    if (!p) {
      p = calendarFor(db, orgId, unitId);
      memo.set(key, p);
    }
    return p;
  };
}

/** Tells every process's cache that the organisation's calendar changed. */
export async function bumpCalendarVersion(db: Db, orgId: string): Promise<void> {
  await db.query('update sla_settings set calendar_version = calendar_version + 1 where org_id = $1', [orgId]);
}
