import type { Actor } from '../../kernel/auth.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { assertMayChange } from '../../kernel/scope.ts';
import type { AccountRequest } from './accounts.service.ts';

/**
 * Who may create an account: the province administrator (who may scope it anywhere). The new
 * account's scope must lie within the creator's — the kernel rule, so that a narrower creator
 * added later could not hand out wider scopes than their own.
 */
export function assertMayCreateAccount(actor: Actor, req: AccountRequest): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden(
      'ACCOUNTS_PROVINCE_ONLY',
      '只有省级管理员可以新建账号',
      'only the province administrator creates accounts',
    );
  assertMayChange(actor, null, {
    city: req.cityCode ?? null,
    institution: req.institutionCode ?? null,
    enterprise: req.enterpriseCode ?? null,
  });
}

/** Who may change an account (its display name, a liaison's holder): the province administrator, as for creating. */
export function assertMayChangeAccount(actor: Actor): void {
  if (actor.role !== 'province_admin')
    throw new Forbidden(
      'ACCOUNTS_PROVINCE_ONLY',
      '只有省级管理员可以修改账号',
      'only the province administrator changes accounts',
    );
}
