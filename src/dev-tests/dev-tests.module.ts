import { Module } from '@nestjs/common';

import { DevTestsController } from './dev-tests.controller';
import { DevTestsService } from './dev-tests.service';

/** Development-only endpoints; AppModule leaves this module out when NODE_ENV is production. */
@Module({
  controllers: [DevTestsController],
  providers: [DevTestsService],
})
export class DevTestsModule {}
