import { Module } from '@nestjs/common';

import { DirectoryObjectService } from './directory-object.service';
import { DirectoryTreeController, OrganizationalUnitController } from './directory-tree.controller';
import { DirectoryTreeService } from './directory-tree.service';
import { ObjectProtectionService } from './object-protection';

/** The directory tree and organizational unit endpoints, at `api/ou/` and `api/organizational_unit/`. */
@Module({
  controllers: [DirectoryTreeController, OrganizationalUnitController],
  providers: [DirectoryTreeService, DirectoryObjectService, ObjectProtectionService],
})
export class DirectoryTreeModule {}
