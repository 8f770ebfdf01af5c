import { ApiPropertyOptional } from '@nestjs/swagger';
import { READ_ONLY_USER_KEYS } from '../user.mapper';

/**
 * The attributes an end user may change on their own entry, with AD's `rangeUpper` for each
 * (capped at 1,024 characters). `co` also sets `c` and `countryCode`.
 */
export const SELF_WRITABLE_ATTRIBUTES: Readonly<Record<string, number>> = {
  givenName: 64,
  sn: 64,
  initials: 6,
  displayName: 256,
  telephoneNumber: 64,
  mobile: 64,
  streetAddress: 1024,
  postalCode: 40,
  l: 128,
  st: 128,
  co: 128,
  wWWHomePage: 1024,
};

/**
 * Keys of the fetchme response that the server computes or that no client can set through
 * self-service. updateSelf ignores them whatever their value.
 */
export const SELF_READ_ONLY_KEYS = READ_ONLY_USER_KEYS;

/**
 * Documents the updateSelf body for Swagger. The body itself is read as a plain object: the
 * web frontend sends back the whole fetchme entry, so keys outside this list are allowed when
 * they keep their stored value (see SelfServiceService.update).
 */
export class UpdateSelfDto {
  @ApiPropertyOptional({ maxLength: 64 })
  givenName?: string | null;

  @ApiPropertyOptional({ maxLength: 64 })
  sn?: string | null;

  @ApiPropertyOptional({ maxLength: 6 })
  initials?: string | null;

  @ApiPropertyOptional({ maxLength: 256 })
  displayName?: string | null;

  @ApiPropertyOptional({ maxLength: 64 })
  telephoneNumber?: string | null;

  @ApiPropertyOptional({ maxLength: 64 })
  mobile?: string | null;

  @ApiPropertyOptional({ maxLength: 1024 })
  streetAddress?: string | null;

  @ApiPropertyOptional({ maxLength: 40 })
  postalCode?: string | null;

  @ApiPropertyOptional({ maxLength: 128, description: 'City (locality).' })
  l?: string | null;

  @ApiPropertyOptional({ maxLength: 128, description: 'State or province.' })
  st?: string | null;

  @ApiPropertyOptional({
    maxLength: 128,
    description:
      'Country name in English, such as Norway; also sets c and countryCode. Empty clears all three.',
  })
  co?: string | null;

  @ApiPropertyOptional({ maxLength: 1024 })
  wWWHomePage?: string | null;
}
