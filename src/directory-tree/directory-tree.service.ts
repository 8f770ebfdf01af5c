import { Injectable } from '@nestjs/common';

import { DirectorySettings } from '../ldap/directory-settings';
import { LdapGateway } from '../ldap/ldap-gateway';
import { AuditService } from '../logs/audit.service';
import { buildTree, TREE_ATTRIBUTES, TreeNode } from './directory-tree.mapper';
import { compileDirtreeFilter, containerFilter } from './dirtree-filter';
import { ObjectProtectionService } from './object-protection';
import { systemContainerDn } from './well-known-containers';

/**
 * Reads the directory tree. Each tree comes from paged subtree searches (one for the OU list,
 * two for the full tree) assembled in memory by parent DN, never from one search per container.
 *
 * CN=System is shown without its contents, which are the domain's own configuration. The
 * entries below it are still returned by the subtree search and dropped during assembly,
 * because no LDAP filter can exclude a subtree. The `builtin` flag follows the rules with which
 * DirectoryObjectService refuses a move, rename or delete. LostAndFound, Infrastructure and NTDS Quotas
 * belong to no container class, so neither tree shows them or anything below them.
 */
@Injectable()
export class DirectoryTreeService {
  constructor(
    private readonly gateway: LdapGateway,
    private readonly settings: DirectorySettings,
    private readonly audit: AuditService,
    private readonly protection: ObjectProtectionService,
  ) {}

  /** Lists organizational units, containers and the Builtin domain as a tree. */
  async listContainers(actor: string): Promise<TreeNode[]> {
    const base = this.settings.current().searchBase;
    const [entries, protection] = await Promise.all([
      this.gateway.search(base, {
        scope: 'sub',
        filter: containerFilter(),
        attributes: TREE_ATTRIBUTES,
      }),
      this.protection.context(),
    ]);
    await this.audit.record({
      actor,
      action: 'READ',
      objectClass: 'OU',
      affectedObject: 'ALL',
      extraMessage: 'List Query',
    });

    return buildTree(entries, protection, { collapsed: [systemContainerDn(base)] });
  }

  /**
   * Builds the full tree for a dirtree filter. One search reads the entries the filter selects,
   * the other the containers that connect them to the search base, so a filter that selects
   * only users still shows them in place. A container the filter excludes in every case is
   * left out together with its subtree. The move dialog relies on this to hide the object
   * being moved and everything below it.
   */
  async dirtree(filter: unknown, actor: string): Promise<TreeNode[]> {
    const compiled = compileDirtreeFilter(filter);
    const base = this.settings.current().searchBase;

    return this.gateway.limitBulkRead(async () => {
      const [containers, objects, protection] = await Promise.all([
        this.gateway.search(base, {
          scope: 'sub',
          filter: compiled.containers,
          attributes: TREE_ATTRIBUTES,
        }),
        compiled.objects === undefined
          ? []
          : this.gateway.search(base, {
              scope: 'sub',
              filter: compiled.objects,
              attributes: TREE_ATTRIBUTES,
            }),
        this.protection.context(),
      ]);
      await this.audit.record({
        actor,
        action: 'READ',
        objectClass: 'LDAP',
        affectedObject: 'ALL',
        extraMessage: 'Full Dirtree Query',
      });

      return buildTree([...containers, ...objects], protection, {
        collapsed: [systemContainerDn(base)],
      });
    });
  }
}
