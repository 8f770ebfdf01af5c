import { Module } from '@nestjs/common';

import { AuthModule } from '../auth/auth.module';
import { SelfServiceController } from './self-service.controller';
import { SelfServiceService } from './self-service.service';
import { UserAccountController } from './user-account.controller';
import { UserAccountService } from './user-account.service';
import { UserAdminController } from './user-admin.controller';
import { UserAdminService } from './user-admin.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule],
  controllers: [UsersController, UserAdminController, UserAccountController, SelfServiceController],
  providers: [UsersService, UserAdminService, UserAccountService, SelfServiceService],
})
export class UsersModule {}
