import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

import { DomainError, ErrorCode } from '../../common/errors';
import { MAX_DN_LENGTH } from '../../common/validation/decorators';
import { isValidDn } from '../../ldap/syntax/dn';

/**
 * Body of `POST api/ou/move/`. The frontend sends a whole tree node, so keys other than
 * distinguishedName and destination are ignored.
 */
export class MoveObjectDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'A tree node with distinguishedName (the object to move) and destination (the DN of the ' +
      'new parent: an organizational unit, a container or the search base). Other keys are ignored.',
    example: {
      distinguishedName:
        'CN=Lastname\\, Firstname,OU=Sales\\, EMEA,OU=Interlock Demo,DC=interlock,DC=test',
      destination: 'OU=Staff,OU=Interlock Demo,DC=interlock,DC=test',
    },
  })
  @IsObject()
  ldapObject: Record<string, unknown>;
}

/**
 * Body of `POST api/ou/rename/`. The frontend sends a whole tree node, so keys other than
 * distinguishedName and newRDN are ignored.
 */
export class RenameObjectDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'A tree node with distinguishedName and newRDN, the new name as a plain value that the ' +
      'API escapes ("New, Name"). A leading "<type>=" of the current RDN type, such as "CN=" ' +
      'for a CN object, is removed and the rest taken literally; a value with "=" elsewhere is ' +
      'kept as it is. Other keys are ignored.',
    example: {
      distinguishedName: 'OU=Staff,OU=Interlock Demo,DC=interlock,DC=test',
      newRDN: 'Staff, Munich',
    },
  })
  @IsObject()
  ldapObject: Record<string, unknown>;
}

export interface MoveRequest {
  distinguishedName: string;
  destination: string;
}

export interface RenameRequest {
  distinguishedName: string;
  /** Checked by the service, because the length limit depends on the type of the current RDN. */
  newRdn: unknown;
}

export function parseMoveRequest(ldapObject: Record<string, unknown>): MoveRequest {
  return {
    distinguishedName: parseDn(ldapObject.distinguishedName, 'ldapObject.distinguishedName'),
    destination: parseDn(ldapObject.destination, 'ldapObject.destination'),
  };
}

export function parseRenameRequest(ldapObject: Record<string, unknown>): RenameRequest {
  return {
    distinguishedName: parseDn(ldapObject.distinguishedName, 'ldapObject.distinguishedName'),
    newRdn: ldapObject.newRDN,
  };
}

function parseDn(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_DN_LENGTH) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${field} is required and must be a string of 1 to ${MAX_DN_LENGTH} characters.`,
      { field },
    );
  }

  if (!value.isWellFormed() || !isValidDn(value)) {
    throw new DomainError(
      ErrorCode.InvalidInput,
      `${field} must be a distinguished name in RFC 4514 syntax, such as OU=Staff,DC=example,DC=com.`,
      { field },
    );
  }

  return value;
}
