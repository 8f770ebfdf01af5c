import { ErrorCode } from '../common/errors';
import { AdSubCode, LdapOperationError, parseAdSubCode, toLdapOperationError } from './ldap-error';

describe(parseAdSubCode.name, () => {
  it.each([
    [
      '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1',
      AdSubCode.LogonFailure,
    ],
    [
      '80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 775, v1db1',
      AdSubCode.AccountLockedOut,
    ],
    [
      '0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0',
      AdSubCode.PasswordRestriction,
    ],
    [
      '00000056: AtrErr: DSID-03190F80, #1:\n\t0: 00000056: DSID-03190F80, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)',
      AdSubCode.WrongPassword,
    ],
  ])('reads %p', (diagnostic, expected) => {
    expect(parseAdSubCode(diagnostic)).toBe(expected);
  });

  it('returns undefined without a sub-code', () => {
    expect(parseAdSubCode('Transport encryption required.')).toBeUndefined();
  });
});

describe(toLdapOperationError.name, () => {
  it('maps a password restriction to password_policy', () => {
    const error = toLdapOperationError(
      'modify',
      Object.assign(
        new Error('0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0'),
        {
          code: 53,
        },
      ),
    );

    expect(error.code).toBe(ErrorCode.PasswordPolicy);
  });

  it('maps a socket failure to ldap_bind_err', () => {
    const error = toLdapOperationError('search', new Error('connect ECONNREFUSED 127.0.0.1:636'));

    expect(error).toBeInstanceOf(LdapOperationError);
    expect(error.code).toBe(ErrorCode.DirectoryUnavailable);
    expect(error.resultCode).toBeUndefined();
  });

  it('maps an untrusted certificate to ldap_tls_err', () => {
    const error = toLdapOperationError(
      'bind',
      Object.assign(new Error('self-signed certificate in certificate chain'), {
        code: 'SELF_SIGNED_CERT_IN_CHAIN',
      }),
    );

    expect(error.code).toBe(ErrorCode.DirectoryTls);
  });

  it('maps a missing object to object_not_found', () => {
    const error = toLdapOperationError(
      'search',
      Object.assign(new Error('no such object'), { code: 32 }),
    );

    expect(error.code).toBe(ErrorCode.ObjectNotFound);
  });
});
