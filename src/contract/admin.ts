import { z } from 'zod';
import { ROLES, UNIT_KINDS, LOCALES } from './enums.ts';

export const CreateUnitRequest = z.strictObject({
  parent_id: z.uuid(),
  kind: z.enum(UNIT_KINDS),
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().max(50).optional(),
  is_complaint_center: z.boolean().optional(),
});

export const CreateUserRequest = z.strictObject({
  username: z.string().trim().regex(/^[a-z0-9_.-]{2,50}$/i),
  display_name: z.string().trim().min(1).max(100),
  password: z.string().min(8).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  unit_id: z.uuid(),
  phone: z.string().trim().max(20).optional(),
  email: z.email().optional(),
  locale: z.enum(LOCALES).optional(),
});

export const CreateCategoryRequest = z.strictObject({
  parent_id: z.uuid().optional(),
  code: z.string().trim().regex(/^[a-z0-9_]{1,50}$/),
  name_zh: z.string().trim().min(1).max(50),
  name_en: z.string().trim().min(1).max(80),
  sort: z.number().int().optional(),
});

export const ListCustomersQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(20),
});

/** PATCH /api/v1/admin/users/:id (issue 9): change a user's name, roles, unit or deactivate them. */
export const UpdateUserRequest = z.strictObject({
  display_name: z.string().trim().min(1).max(100).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  unit_id: z.uuid().optional(),
  active: z.boolean().optional(),
});

/** PATCH /api/v1/admin/units/:id (issue 9): rename a unit or change its code. */
export const UpdateUnitRequest = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  code: z.string().trim().max(50).nullable().optional(),
  active: z.boolean().optional().meta({ description: 'false: deactivate (no new cases or users; hidden from pickers; old cases keep its path)' }),
});

/** Moves a unit (with everything under it) under another parent of the same organisation. */
export const MoveUnitRequest = z.strictObject({
  parent_id: z.uuid(),
});
