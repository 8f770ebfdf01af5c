import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiErrorResponses } from '../common/http/api-responses';
import { SelfServiceService } from './self-service.service';

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class SelfServiceController {
  constructor(private readonly service: SelfServiceService) {}
}
