import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../common/access/access-tier.decorator';
import { ApiErrorResponses, OkResponse } from '../common/http/api-responses';
import { DirectorySettings } from '../ldap/directory-settings';

class DomainDetails {
  @ApiProperty({ description: 'DNS name of the domain.', example: 'interlock.test' })
  name: string;

  @ApiProperty({ description: 'NetBIOS name of the domain.', example: 'INTERLOCK' })
  realm: string;

  @ApiProperty({ description: 'Search base.', example: 'DC=interlock,DC=test' })
  basedn: string;
}

class DomainDetailsResponse extends OkResponse {
  @ApiProperty({ type: DomainDetails })
  details: DomainDetails;
}

@ApiTags('domain')
@Controller('api/domain')
export class DomainController {
  constructor(private readonly settings: DirectorySettings) {}

  @Get('details')
  @Authenticated()
  @ApiOperation({
    operationId: 'getDomainDetails',
    summary: 'The domain name, NetBIOS realm and search base the API is connected to',
  })
  @ApiOkResponse({ type: DomainDetailsResponse })
  @ApiErrorResponses(401)
  details(): { details: DomainDetails } {
    const settings = this.settings.current();

    return {
      details: { name: settings.domain, realm: settings.realm, basedn: settings.searchBase },
    };
  }
}
