import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

import { IsCursor, IsDn, IsPageSize, IsPassword, IsUsername } from './decorators';

class SampleDto {
  @IsDn()
  dn: unknown;

  @IsUsername()
  username: unknown;

  @IsPassword()
  password: unknown;

  @IsPageSize()
  page_size: unknown;

  @IsCursor()
  cursor: unknown;
}

const valid = {
  dn: 'CN=Doe\\, Jane,OU=Staff,DC=example,DC=com',
  username: 'jdoe',
  password: 'Corr3ct-horse',
  page_size: 100,
  cursor: 'eyJvZmZzZXQiOjEwMH0',
};

/** Returns the messages of one field after transforming and validating `input`. */
async function messagesFor(field: keyof SampleDto, value: unknown): Promise<string[]> {
  const dto = plainToInstance(SampleDto, { ...valid, [field]: value });
  const errors = await validate(dto);

  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

describe('validation decorators', () => {
  it('accepts a valid DTO', async () => {
    expect(await validate(plainToInstance(SampleDto, valid))).toEqual([]);
  });

  describe(IsDn.name, () => {
    it.each([
      'DC=example,DC=com',
      'CN=Müller\\+Söhne,OU=Vertrieb,DC=example,DC=com',
      'CN=a\\2Cb,DC=x',
      'CN=\\#test,DC=x',
      'CN=#04024869,DC=x',
    ])('accepts %j', async (dn) => {
      expect(await messagesFor('dn', dn)).toEqual([]);
    });

    it.each([
      ['not a DN', 'must be a distinguished name'],
      ['CN=a,', 'must be a distinguished name'],
      ['OU=a+CN=b,DC=x', 'must be a distinguished name'],
      ['CN=a\\00b,DC=x', 'must be a distinguished name'],
      ['', 'must be 1 to 2048 characters long'],
      [`CN=${'a'.repeat(2046)}`, 'must be 1 to 2048 characters long'],
      [42, 'must be a string'],
    ])('rejects %j', async (dn, problem) => {
      const messages = await messagesFor('dn', dn);

      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain(`dn ${problem}`);
    });
  });

  describe(IsUsername.name, () => {
    it.each(['j*o(h)n', 'a\\b,c+d"e#f;g', ' padded ', 'Jürgen', 'u'.repeat(256)])(
      'accepts %j',
      async (username) => {
        expect(await messagesFor('username', username)).toEqual([]);
      },
    );

    it.each([
      ['', 'username must be 1 to 256 characters long'],
      ['   ', 'username must not be blank'],
      ['u'.repeat(257), 'username must be 1 to 256 characters long'],
      ['a\u0000b', 'username must not contain control characters'],
      ['a\nb', 'username must not contain control characters'],
      ['a\u0085b', 'username must not contain control characters'],
      ['a\u2028b', 'username must not contain control characters'],
      ['a\ud800b', 'username must be valid Unicode text'],
      [['jdoe'], 'username must be a string'],
    ])('rejects %j', async (username, message) => {
      expect(await messagesFor('username', username)).toEqual([message]);
    });
  });

  describe(IsPassword.name, () => {
    it('counts characters, not UTF-16 units', async () => {
      expect(await messagesFor('password', '😀'.repeat(512))).toEqual([]);
    });

    it.each([
      ['', 'password must be 1 to 512 characters long'],
      ['p'.repeat(513), 'password must be 1 to 512 characters long'],
      ['pass\u0000word', 'password must not contain NUL characters'],
    ])('rejects %j', async (password, message) => {
      expect(await messagesFor('password', password)).toEqual([message]);
    });
  });

  describe(IsPageSize.name, () => {
    it.each([
      ['1', 1],
      ['1000', 1000],
      [250, 250],
    ])('turns %j into %i', async (input, expected) => {
      const dto = plainToInstance(SampleDto, { ...valid, page_size: input });

      expect(dto.page_size).toBe(expected);
      expect(await validate(dto)).toEqual([]);
    });

    it.each(['0', '1001', '-1', '1.5', '1e3', 'ten', '', true])('rejects %j', async (input) => {
      expect(await messagesFor('page_size', input)).toEqual([
        'page_size must be an integer from 1 to 1000',
      ]);
    });
  });

  describe(IsCursor.name, () => {
    it.each([
      ['a+b', 'cursor must be a cursor returned as next_cursor by a previous page'],
      ['abc=', 'cursor must be a cursor returned as next_cursor by a previous page'],
      ['c'.repeat(2049), 'cursor must be 1 to 2048 characters long'],
    ])('rejects %j', async (cursor, message) => {
      expect(await messagesFor('cursor', cursor)).toEqual([message]);
    });
  });
});
