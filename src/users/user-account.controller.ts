import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { ApiErrorResponses } from '../common/http/api-responses';
import { UserAccountService } from './user-account.service';

@ApiTags('users')
@ApiErrorResponses(401, 503)
@Controller('api/users')
export class UserAccountController {
  constructor(private readonly service: UserAccountService) {}
}
