import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiErrorResponses } from '../common/http/api-responses';
import { UserAdminService } from './user-admin.service';

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class UserAdminController {
  constructor(private readonly service: UserAdminService) {}
}
