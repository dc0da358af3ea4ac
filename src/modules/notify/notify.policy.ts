import type { Actor } from '../../kernel/auth.ts';

/**
 * Who reads which notices: every role its own inbox and no one else's — an account its notices
 * (by username), a worker also those addressed to their person (raised before they had an
 * account). Another's notice is answered 404, as if it did not exist.
 *
 * `sql` selects the inbox of `notices` with placeholders $1 (username) and $2 (person_key or null).
 */
export function inboxOf(actor: Actor): { sql: string; params: [string, string | null] } {
  return {
    sql: `((recipient_kind = 'user' AND recipient = $1) OR (recipient_kind = 'person' AND $2::text IS NOT NULL AND recipient = $2))`,
    params: [actor.username, actor.role === 'worker' ? actor.personKey : null],
  };
}

/** Every signed-in role has an inbox. */
export const INBOX_ROLES = [
  'province_admin',
  'city_officer',
  'department_officer',
  'institution_staff',
  'enterprise_staff',
  'worker',
  'holder_officer',
] as const;
