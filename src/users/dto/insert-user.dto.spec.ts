import { checkSamAccountName } from './insert-user.dto';

describe('checkSamAccountName', () => {
  it.each(['jane.doe', 'Jane.Doe', 'jürgen', 'a', 'x'.repeat(20), 'o-brien_2', ' lead'])(
    'accepts %j',
    (name) => {
      const problem = checkSamAccountName(name);

      expect(problem).toBeUndefined();
    },
  );

  it.each([
    ['', 'must be 1 to 20 characters long'],
    ['x'.repeat(21), 'must be 1 to 20 characters long'],
    ['a*b', 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @'],
    ['a@b', 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @'],
    ['a"b', 'must not contain any of " / \\ [ ] : ; | = , + * ? < > @'],
    ['a\tb', 'must not contain control characters'],
    ['. .', 'must not consist of dots and spaces only'],
    [42, 'must be a string'],
  ])('rejects %j', (name, message) => {
    const problem = checkSamAccountName(name);

    expect(problem).toBe(message);
  });
});
