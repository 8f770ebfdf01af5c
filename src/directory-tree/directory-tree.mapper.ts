import { NAME_ORDER } from '../common/name-order';
import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { LdapEntry } from '../ldap/ldap-entry';
import {
  dnKeys,
  firstRdnValue,
  InvalidDnError,
  isKeyDescendantOrSelf,
  normalizeDn,
} from '../ldap/syntax/dn';
import {
  PROTECTION_RULE_ATTRIBUTES,
  ProtectionContext,
  TreeProtectionCheck,
  treeProtectionCheck,
} from './object-protection';

/**
 * Attributes both trees read. objectSid, systemFlags and isCriticalSystemObject are read for
 * objectRid and the builtin flag only and never returned.
 */
export const TREE_ATTRIBUTES = [
  ...new Set([
    'objectCategory',
    'sAMAccountName',
    'cn',
    'objectSid',
    ...PROTECTION_RULE_ATTRIBUTES,
  ]),
];

/** Object classes that can hold other objects in the tree. */
const CONTAINER_CLASSES = new Set(['organizationalunit', 'container', 'builtindomain']);
const PERSON_CLASSES = ['user', 'person', 'organizationalperson'];

/** SID prefix of the Builtin domain, whose groups the original API gave no objectRid. */
const BUILTIN_DOMAIN_SID_PREFIX = 'S-1-5-32-';

export interface TreeNode {
  /** Unique within one response, assigned depth-first in display order starting at 1. */
  id: number;
  /** First RDN value, unescaped. */
  name: string;
  distinguishedName: string;
  /** First RDN value of objectCategory, such as `Organizational-Unit` or `Person`. */
  type: string;
  objectClass: string[];
  children: TreeNode[];
  /** Set when the API rejects a move, a rename or a delete of the object (403 object_protected). */
  builtin?: true;
  /** sAMAccountName of users, persons and computers, never of contacts. */
  username?: string;
  /** cn of groups. */
  groupname?: string;
  /** Relative identifier of groups outside the Builtin domain, a number as groups/fetch returns it. */
  objectRid?: number;
}

export interface TreeOptions {
  /** Containers shown without their contents, such as CN=System. */
  collapsed?: readonly string[];
}

/** Tree node of one entry with the normalized DNs that place it under its parent. */
export interface PlacedEntry {
  key: string;
  parentKey: string;
  isContainer: boolean;
  /** The node with id 0 and no children, until assembleTree numbers it and attaches its children. */
  node: TreeNode;
}

/**
 * Converts search entries to PlacedEntry values one at a time, so a large tree keeps only the
 * fields it returns. Entries below a collapsed container are dropped, because the tree hides them.
 */
export class TreePlacer {
  private readonly isProtected: TreeProtectionCheck;
  private readonly collapsed: string[];
  private readonly classLists = new Map<string, string[]>();

  constructor(
    readonly protection: ProtectionContext,
    options: TreeOptions = {},
  ) {
    this.isProtected = treeProtectionCheck(protection);
    this.collapsed = (options.collapsed ?? []).map(normalizeDn);
  }

  /** Returns the placed entry, or undefined for a DN the parser rejects or a hidden entry. */
  place(entry: LdapEntry): PlacedEntry | undefined {
    let keys: ReturnType<typeof dnKeys>;
    try {
      keys = dnKeys(entry.dn);
    } catch (error) {
      // A DN the parser rejects cannot be placed in the tree; the rest of the tree still is.
      if (error instanceof InvalidDnError) {
        return undefined;
      }

      throw error;
    }

    const { key, parentKey, name } = keys;
    if (this.collapsed.some((hidden) => key !== hidden && isKeyDescendantOrSelf(key, hidden))) {
      return undefined;
    }

    const builtin = this.isProtected(entry, key, parentKey, name);
    const node = toTreeNode(entry, 0, builtin, name, this.sharedClasses(entry));

    return {
      key,
      parentKey,
      isContainer: node.objectClass.some((value) => CONTAINER_CLASSES.has(value.toLowerCase())),
      node,
    };
  }

  /** Returns the entry's objectClass list, as one array shared by every entry with the same list. */
  private sharedClasses(entry: LdapEntry): string[] {
    const classes = entry.texts('objectClass');
    const joined = classes.join('\n');
    const shared = this.classLists.get(joined);
    if (shared !== undefined) {
      return shared;
    }

    this.classLists.set(joined, classes);

    return classes;
  }
}

/**
 * Assembles search results into the tree below the search base of `protection`, which also
 * decides the builtin flag. Each entry is attached to its parent by
 * DN, so an entry appears only when its parent appears too: entries below an excluded container
 * or below a collapsed one are left out. Duplicates (the same DN from two searches) count once.
 * Children are sorted containers first, then by name ignoring case and accents, then by DN.
 */
export function buildTree(
  entries: readonly LdapEntry[],
  protection: ProtectionContext,
  options: TreeOptions = {},
): TreeNode[] {
  const placer = new TreePlacer(protection, options);

  return assembleTree(
    entries.flatMap((entry) => placer.place(entry) ?? []),
    protection.searchBase,
  );
}

/**
 * Links placed entries below `searchBase` into a tree numbered depth-first from 1. The same DN
 * from two searches counts once, and entries whose parent is absent are left out.
 */
export function assembleTree(placed: Iterable<PlacedEntry>, searchBase: string): TreeNode[] {
  const childrenOf = new Map<string, PlacedEntry[]>();
  const seen = new Set<string>();
  for (const entry of placed) {
    if (seen.has(entry.key)) {
      continue;
    }

    seen.add(entry.key);
    const siblings = childrenOf.get(entry.parentKey);
    if (siblings === undefined) {
      childrenOf.set(entry.parentKey, [entry]);
    } else {
      siblings.push(entry);
    }
  }

  let nextId = 1;
  const visit = (parentKey: string): TreeNode[] =>
    (childrenOf.get(parentKey) ?? []).sort(compareEntries).map(({ key, node }) => {
      node.id = nextId++;
      node.children = visit(key);

      return node;
    });

  return visit(normalizeDn(searchBase));
}

function compareEntries(left: PlacedEntry, right: PlacedEntry): number {
  if (left.isContainer !== right.isContainer) {
    return left.isContainer ? -1 : 1;
  }

  const byName = NAME_ORDER.compare(left.node.name, right.node.name);
  if (byName !== 0) {
    return byName;
  }

  if (left.key === right.key) {
    return 0;
  }

  return left.key < right.key ? -1 : 1;
}

/** Maps one entry to a tree node without children. */
export function toTreeNode(
  entry: LdapEntry,
  id: number,
  builtin: boolean,
  name = firstRdnValue(entry.dn),
  objectClass = entry.texts('objectClass'),
): TreeNode {
  const classes = objectClass.map((name) => name.toLowerCase());
  const category = entry.text('objectCategory');
  const node: TreeNode = {
    id,
    name,
    distinguishedName: entry.dn,
    type: category === undefined ? (objectClass.at(-1) ?? 'Unknown') : firstRdnValue(category),
    objectClass,
    children: [],
  };
  if (builtin) {
    node.builtin = true;
  }

  const username = entry.text('sAMAccountName');
  const isPerson = PERSON_CLASSES.some((name) => classes.includes(name));
  if (isPerson && !classes.includes('contact') && username !== undefined) {
    node.username = username;
  }

  if (classes.includes('group')) {
    node.groupname = entry.text('cn') ?? node.name;
    const sid = entry.buffer('objectSid');
    const text = sid === undefined ? undefined : decodeSid(sid);
    if (text !== undefined && !text.startsWith(BUILTIN_DOMAIN_SID_PREFIX)) {
      node.objectRid = ridOf(text);
    }
  }

  return node;
}
