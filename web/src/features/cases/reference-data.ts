import { useQuery } from '@tanstack/react-query';
import { api, type Category, type Unit, type User } from '../../api.ts';
import type { Locale } from '@contract/enums.ts';

const hour = 60 * 60_000;

/** Units, categories and users for pickers: read once per session, they change rarely. */
export const useUnits = () => useQuery({ queryKey: ['units'], queryFn: async () => (await api.units()).items, staleTime: hour });
export const useCategories = () => useQuery({ queryKey: ['categories'], queryFn: async () => (await api.categories()).items, staleTime: hour });
export const useUsers = () => useQuery({ queryKey: ['users'], queryFn: async () => (await api.users()).items, staleTime: hour });

/** Categories as "parent / child" options (active ones only), in the UI language. */
export function categoryOptions(cats: Category[] | undefined, locale: Locale) {
  if (!cats) return [];
  const name = (c: Category) => (locale === 'en-US' ? c.name_en : c.name_zh);
  const byId = new Map(cats.map((c) => [c.id, c]));
  return cats
    .filter((c) => c.active !== false)
    .map((c) => {
      const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
      return { value: c.id, label: parent ? `${name(parent)} / ${name(c)}` : name(c) };
    });
}

/** Departments labelled with their parent unit ("翠湖花园管理处 · 工程部"), since many share a name, grouped by unit,
 * the case's own unit first (issue 9: valid targets first). */
export function departmentOptions(units: Unit[] | undefined, caseUnitId?: string) {
  if (!units) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const u of units) {
    if (u.kind !== 'department' || u.active === false) continue;
    const parent = u.parent_id ? byId.get(u.parent_id) : undefined;
    const key = parent?.id ?? '';
    if (!groups.has(key)) groups.set(key, { label: parent?.name ?? '', options: [] });
    groups.get(key)!.options.push({ value: u.id, label: parent ? `${parent.name} · ${u.name}` : u.name });
  }
  return [...groups.entries()].sort(([a], [b]) => Number(b === caseUnitId) - Number(a === caseUnitId)).map(([, g]) => g);
}

/** The unit's path from the top ("安居物业 › 华东区域 › 翠湖花园管理处 › 工程部"). */
export function unitPath(units: Unit[] | undefined, id: string | null | undefined): string[] {
  if (!units || !id) return [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const out: string[] = [];
  for (let u = byId.get(id); u && out.length < 12; u = u.parent_id ? byId.get(u.parent_id) : undefined) out.unshift(u.name);
  return out;
}

/** Active users of one unit (handlers first), or every active user when no unit is given. */
export function userOptions(users: User[] | undefined, unitId?: string, roles?: readonly string[]) {
  if (!users) return [];
  return users
    .filter((u) => u.active !== false && (!unitId || u.unit_id === unitId) && (!roles || u.roles.some((r) => roles.includes(r))))
    .sort((a, b) => Number(b.roles.includes('handler')) - Number(a.roles.includes('handler')))
    .map((u) => ({ value: u.id, label: `${u.display_name} (${u.username})` }));
}
