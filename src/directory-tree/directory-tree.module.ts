import { Module } from '@nestjs/common';

/** The directory tree and organizational unit endpoints, at `api/ou/` and `api/organizational_unit/`. */
@Module({
  controllers: [],
  providers: [],
})
export class DirectoryTreeModule {}
