import { z } from 'zod';
import { ROLES } from '../../kernel/auth.ts';
import { ZName } from '../../kernel/schemas.ts';
import { USERNAME } from './accounts.service.ts';

/** Request and response contracts of accounts: only what these declare is sent (docs/security.md). */

export const ZLogin = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
  /** API clients that send `Authorization: Bearer` ask for the token; the web app uses the cookie only. */
  bearer: z.boolean().optional(),
});
export const ZNewUser = z.object({
  username: z.string().regex(USERNAME),
  displayName: ZName(100),
  /** Checked by the password rule (password-policy.ts), which answers with a bilingual refusal. */
  password: z.string().min(1).max(200),
  role: z.enum(ROLES),
  /** A worker account: the ID number of the registered person it belongs to (looked up, never stored or echoed). */
  idNumber: z.string().max(32).nullish(),
  cityCode: z.string().nullish(),
  institutionCode: z.string().nullish(),
  enterpriseCode: z.string().nullish(),
  sectors: z.array(z.string()).optional(),
  keyTasks: z.array(z.number().int().min(1).max(15)).optional(),
  /** A department officer's own directories (就业见习单位 …), which it publishes. */
  directories: z.array(z.string().max(40)).max(10).optional(),
  /** A holder liaison's "N" target holder (its id). */
  holderId: z.string().uuid().nullish(),
});

/** The signed-in user and the scope their role confines them to (kernel/auth.ts `Actor`). */
export const ZActor = z
  .object({
    userId: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    cityCode: z.string().nullable(),
    institutionCode: z.string().nullable(),
    enterpriseCode: z.string().nullable(),
    personKey: z.string().nullable(),
    sectors: z.array(z.string()),
    keyTasks: z.array(z.number()),
    /** The directories a department officer publishes (empty for everyone else; the province publishes all). */
    directories: z.array(z.string()),
    /** A holder liaison's target holder (null for everyone else). */
    holderId: z.string().nullable(),
  })
  .meta({ id: 'Actor' });

/** The session's answer: the token only for API clients that asked for it (`bearer: true`). */
export const ZLoginAnswer = z.object({
  token: z.string().optional(),
  expiresAt: z.string(),
  actor: ZActor,
});

export const ZSignedOut = z.object({ ok: z.literal(true) });

export const ZMe = ZActor.extend({
  roleName: z.object({ zh: z.string(), en: z.string() }),
  cityName: z.string().nullable(),
  institutionName: z.string().nullable(),
  /** The institution's roles (training, evaluation); empty for users of no institution. */
  institutionRoles: z.array(z.string()),
  enterpriseName: z.string().nullable(),
  holderName: z.string().nullable(),
}).meta({ id: 'Me' });

/** An account as the administrator's list shows it (no password hash, no person key). */
export const ZUserListItem = z
  .object({
    id: z.string(),
    username: z.string(),
    display_name: z.string(),
    role: z.enum(ROLES),
    city_code: z.string().nullable(),
    institution_code: z.string().nullable(),
    /** The names beside the codes, for the list (the registry's, through its view). */
    institution_name: z.string().nullable(),
    enterprise_code: z.string().nullable(),
    enterprise_name: z.string().nullable(),
    sectors: z.array(z.string()),
    key_tasks: z.array(z.number()),
    /** The directories a department account publishes. */
    directories: z.array(z.string()),
    /** A holder liaison's "N" holder: its id (for the edit form) and its name (what the list shows). */
    holder_id: z.string().nullable(),
    holder_name: z.string().nullable(),
    /** Set while the account is locked after failed sign-ins. */
    locked_until: z.date().nullable(),
    disabled: z.boolean(),
    created_at: z.date(),
  })
  .meta({ id: 'UserListItem' });

export const ZCreatedUser = z.object({ id: z.string() });

/** 编辑账号: the display name, and a holder liaison's "N" holder (chosen by name in the web form). */
export const ZUserChange = z.object({
  displayName: ZName(100).optional(),
  holderId: z.string().uuid().nullish(),
});
