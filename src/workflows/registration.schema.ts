import { z } from 'zod';

/** Contracts of self-registration (自助注册) and the city's confirmation of it. */

const ZName = z.object({ zh: z.string(), en: z.string() });

export const ZCodeRequest = z.object({
  /** Mainland mobile number; checked in words by the service (BAD_PHONE). */
  phone: z.string().trim().max(20),
});

export const ZCodeSent = z
  .object({
    expiresInSeconds: z.number().int(),
    /** When the next code may be asked for. */
    resendInSeconds: z.number().int(),
    /** Development and demo only: where the code went instead of a phone. Null in production. */
    demoNotice: ZName.nullable(),
  })
  .meta({ id: 'RegistrationCodeSent' });

export const ZRegistration = z.object({
  name: z.string().trim().min(1).max(50),
  idNumber: z.string().trim().max(32),
  phone: z.string().trim().max(20),
  code: z.string().trim().max(10),
  password: z.string().min(1).max(200),
  /** The residence city; when absent, the city of the ID number's region code. */
  cityCode: z.string().max(12).nullish(),
});

/**
 * The answer to a registration: `active` (linked to the registry, sign in now) or `submitted`
 * (wait for the review) — the latter word for word the same whether the ID number was new or
 * someone else's (docs/security.md § Self-registration).
 */
export const ZRegistered = z
  .object({
    outcome: z.enum(['active', 'submitted']),
    message: ZName,
    /** The username to sign in with: the phone number. */
    username: z.string(),
  })
  .meta({ id: 'Registered' });

/** A self-registration waiting for the city, as the officer's list shows it (masked). */
export const ZPendingPerson = z
  .object({
    person_key: z.string(),
    id_masked: z.string(),
    /** The registry's name (the official one once imported). */
    name: z.string(),
    /** The name the registrant typed. */
    registrant_name: z.string(),
    /** The registrant's verified phone, masked. */
    phone: z.string(),
    city_code: z.string(),
    city_name: z.string().nullable(),
    registered_at: z.date(),
    /** The person has an official (imported) record: confirming keeps its groups and city. */
    official: z.boolean(),
    /** Why the city must look: the ID number is new, the official record came after, or the phone differs. */
    review_reason: z.enum(['new_person', 'imported_after', 'phone_differs']),
    review_reason_name: ZName,
  })
  .meta({ id: 'PendingPerson' });

export const ZConfirmRegistration = z.object({
  /** Target groups (重点群体) the officer found the person to belong to; may be empty. */
  groups: z.array(z.string().max(4)).max(9),
  cityCode: z.string().max(12),
});

export const ZRejectRegistration = z.object({ reason: z.string().trim().min(2).max(200) });

export const ZDone = z.object({ ok: z.literal(true) });
