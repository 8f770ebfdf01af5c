import { DomainError, ErrorCode } from '../../common/errors';
import { parseUserUpdate } from './update-user.dto';

function parseError(user: Record<string, unknown>): DomainError {
  try {
    parseUserUpdate(user);
  } catch (error) {
    return error as DomainError;
  }

  throw new Error('expected a rejection');
}

describe('parseUserUpdate', () => {
  it('ignores read-only keys and keeps writable ones', () => {
    const request = parseUserUpdate({
      username: 'jane',
      givenName: 'Jane',
      mail: null,
      whenCreated: '20240101000000.0Z',
      objectSid: 'S-1-5-21-1-2-3-1105',
      memberOfObjects: [{ name: 'x' }],
      userAccountControl: '512',
      c: 'NO',
    });

    expect([...request.attributes]).toEqual([
      ['givenName', 'Jane'],
      ['mail', ''],
    ]);
  });

  it('parses accountExpires exactly', () => {
    const request = parseUserUpdate({ username: 'j', accountExpires: '2031-05-17T08:30:15.123Z' });

    expect(request.accountExpires?.toISOString()).toBe('2031-05-17T08:30:15.123Z');
  });

  it('reads null accountExpires as never', () => {
    const request = parseUserUpdate({ username: 'j', accountExpires: null });

    expect(request.accountExpires).toBeNull();
  });

  it('ignores an empty unknown key', () => {
    const request = parseUserUpdate({ username: 'j', somethingNew: '' });

    expect(request.attributes.size).toBe(0);
  });

  it.each([
    [{ givenName: 'x' }, 'user.username', ErrorCode.InvalidInput],
    [{ username: 'j', givenName: ['a'] }, 'user.givenName', ErrorCode.InvalidInput],
    [{ username: 'j', initials: 'ABCDEFG' }, 'user.initials', ErrorCode.InvalidInput],
    [{ username: 'j', sn: 'a\u0000b' }, 'user.sn', ErrorCode.InvalidInput],
    [{ username: 'j', cn: '  ' }, 'user.cn', ErrorCode.InvalidInput],
    [
      { username: 'j', permission_list: ['NOPE'] },
      'user.permission_list',
      ErrorCode.PermissionMalformed,
    ],
    [
      { username: 'j', permission_list: 'LDAP_UF_SCRIPT' },
      'user.permission_list',
      ErrorCode.InvalidInput,
    ],
    [
      { username: 'j', accountExpires: '17/05/2031' },
      'user.accountExpires',
      ErrorCode.InvalidInput,
    ],
    [{ username: 'j', primaryGroupID: '-1' }, 'user.primaryGroupID', ErrorCode.InvalidInput],
    [{ username: 'j', groupsToAdd: ['CN=a,,'] }, 'user.groupsToAdd', ErrorCode.InvalidInput],
    [{ username: 'j', groupsToRemove: 'CN=a' }, 'user.groupsToRemove', ErrorCode.InvalidInput],
    [{ username: 'j', adminCount: 1 }, 'user.adminCount', ErrorCode.InvalidInput],
  ])('rejects %j', (user, field, code) => {
    const error = parseError(user);

    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
  });
});
