import { describe, expect, it } from 'vitest';
import type { Actor } from '../../kernel/auth.ts';
import { assertMayEditCatalog, DEPARTMENT_DIRECTORIES, mayPublishDirectory } from './catalog.policy.ts';
import { DIRECTORIES, DIRECTORY_NAMES } from './directories.ts';

const actor = (a: Partial<Actor> & Pick<Actor, 'role'>): Actor => ({
  userId: 'u',
  username: 'u',
  displayName: 'u',
  cityCode: null,
  institutionCode: null,
  enterpriseCode: null,
  personKey: null,
  sectors: [],
  keyTasks: [],
  ...a,
});

describe('who publishes a directory', () => {
  it('departments own exactly the uploaded directories', () => {
    expect([...DEPARTMENT_DIRECTORIES].sort()).toEqual(
      DIRECTORY_NAMES.filter((n) => DIRECTORIES[n].source === 'upload').sort(),
    );
  });

  it('the province publishes every directory; a department only those its account names; no one else any', () => {
    const jiuye = actor({ role: 'department_officer', directories: ['internship_units'] });
    for (const name of DIRECTORY_NAMES) {
      expect(mayPublishDirectory(actor({ role: 'province_admin' }), name)).toBe(true);
      expect(mayPublishDirectory(jiuye, name), name).toBe(name === 'internship_units');
      expect(mayPublishDirectory(actor({ role: 'city_officer', cityCode: '320100', directories: [name] }), name)).toBe(
        false,
      );
    }
    // A derived directory named on an account (a hand-edited row) still is not the department's to publish.
    expect(
      mayPublishDirectory(
        actor({ role: 'department_officer', directories: ['training_institutions'] }),
        'training_institutions',
      ),
    ).toBe(false);
    expect(mayPublishDirectory(actor({ role: 'department_officer' }), 'internship_units')).toBe(false);
  });
});

describe('who edits the occupation catalog', () => {
  it('the province only; a city or department officer is refused with CATALOG_PROVINCE_ONLY', () => {
    expect(() => assertMayEditCatalog(actor({ role: 'province_admin' }))).not.toThrow();
    for (const a of [
      actor({ role: 'city_officer', cityCode: '320100' }),
      actor({ role: 'department_officer', sectors: ['manufacturing'] }),
      actor({ role: 'institution_staff', institutionCode: 'X' }),
    ])
      expect(() => assertMayEditCatalog(a)).toThrow(expect.objectContaining({ code: 'CATALOG_PROVINCE_ONLY' }));
  });
});
