import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated } from '../common/access/access-tier.decorator';
import { DirectorySettings } from '../ldap/directory-settings';

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
  details() {
    const settings = this.settings.current();

    return {
      details: { name: settings.domain, realm: settings.realm, basedn: settings.searchBase },
    };
  }
}
