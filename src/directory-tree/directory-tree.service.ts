import { Injectable } from '@nestjs/common';

import { LdapGateway } from '../ldap/ldap-gateway';
import { AuditService } from '../logs/audit.service';
import {
  assembleTree,
  PlacedEntry,
  TREE_ATTRIBUTES,
  TreeNode,
  TreePlacer,
} from './directory-tree.mapper';
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
    private readonly audit: AuditService,
    private readonly protection: ObjectProtectionService,
  ) {}

  /** Lists organizational units, containers and the Builtin domain as a tree. */
  async listContainers(actor: string): Promise<TreeNode[]> {
    const placer = await this.placer();
    const placed = await this.gateway.limitBulkRead(() =>
      this.searchPlaced(placer, containerFilter()),
    );
    await this.audit.record({
      actor,
      action: 'READ',
      objectClass: 'OU',
      affectedObject: 'ALL',
      extraMessage: 'List Query',
    });

    return assembleTree(placed, placer.protection.searchBase);
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
    const placer = await this.placer();

    return this.gateway.limitBulkRead(async () => {
      const [containers, objects] = await Promise.all([
        this.searchPlaced(placer, compiled.containers),
        compiled.objects === undefined ? [] : this.searchPlaced(placer, compiled.objects),
      ]);
      await this.audit.record({
        actor,
        action: 'READ',
        objectClass: 'LDAP',
        affectedObject: 'ALL',
        extraMessage: 'Full Dirtree Query',
      });

      return assembleTree([...containers, ...objects], placer.protection.searchBase);
    });
  }

  /** Creates a placer for the current search base that shows CN=System without its contents. */
  private async placer(): Promise<TreePlacer> {
    const protection = await this.protection.context();

    return new TreePlacer(protection, { collapsed: [systemContainerDn(protection.searchBase)] });
  }

  /** Runs one paged subtree search and keeps only the placed form of each entry. */
  private async searchPlaced(placer: TreePlacer, filter: string): Promise<PlacedEntry[]> {
    const placed = await this.gateway.searchEach(
      placer.protection.searchBase,
      { scope: 'sub', filter, attributes: TREE_ATTRIBUTES },
      (entry) => placer.place(entry),
    );

    return placed.filter((entry) => entry !== undefined);
  }
}
