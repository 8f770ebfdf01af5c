import { MAX_CURSOR_LENGTH } from '../common/validation/decorators';
import { decodeCursor, encodeCursor, sortKeyOf } from './user-cursor';
import { UserListItem } from './user.mapper';

function user(username: string, distinguishedName: string): UserListItem {
  return {
    givenName: '',
    sn: '',
    displayName: '',
    sAMAccountName: username,
    username,
    mail: '',
    distinguishedName,
    is_enabled: true,
  };
}

describe('user cursor', () => {
  it('round-trips a sort key', () => {
    const key = sortKeyOf(user('Jürgen', 'CN=Jürgen Groß,OU=Sales\\, EMEA,DC=interlock,DC=test'));

    expect(decodeCursor(encodeCursor(key))).toBe(key);
  });

  it('stays short for a very long DN', () => {
    const longDn = `CN=${'x'.repeat(200)},${'OU=Deep,'.repeat(40)}DC=interlock,DC=test`;

    const cursor = encodeCursor(sortKeyOf(user('bulk.user0001', longDn)));

    expect(cursor.length).toBeLessThan(200);
  });

  it('stays within the accepted length for the longest username', () => {
    const cursor = encodeCursor(sortKeyOf(user('ü'.repeat(256), 'CN=x,DC=test')));

    expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
  });

  it('orders by username before the DN', () => {
    expect(sortKeyOf(user('a', 'CN=z')) < sortKeyOf(user('b', 'CN=a'))).toBe(true);
  });

  it.each([['bm90LWpzb24'], [encodeCursor('x').slice(0, -2)], ['eyJ2IjoyLCJhZnRlciI6IngifQ']])(
    'rejects the foreign cursor %p',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow('cursor');
    },
  );
});
