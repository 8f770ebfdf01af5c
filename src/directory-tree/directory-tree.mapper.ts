import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { LdapEntry } from '../ldap/ldap-entry';
import { dnKeys, firstRdnValue, InvalidDnError, normalizeDn } from '../ldap/syntax/dn';
import {
  PROTECTION_RULE_ATTRIBUTES,
  ProtectionContext,
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

interface PlacedEntry {
  entry: LdapEntry;
  key: string;
  parentKey: string;
  name: string;
  isContainer: boolean;
}

// One collator for every comparison: creating one per call costs more than the comparison.
const NAME_ORDER = new Intl.Collator('en', { sensitivity: 'base' });

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
  const childrenOf = groupByParent(entries);
  const collapsed = new Set((options.collapsed ?? []).map(normalizeDn));
  const isProtected = treeProtectionCheck(protection);
  let nextId = 1;

  const visit = (parentKey: string): TreeNode[] =>
    (childrenOf.get(parentKey) ?? []).sort(compareEntries).map((placed) => {
      const builtin = isProtected(placed.entry, placed.key, placed.parentKey, placed.name);
      const node = toTreeNode(placed.entry, nextId++, builtin, placed.name);
      if (!collapsed.has(placed.key)) {
        node.children = visit(placed.key);
      }

      return node;
    });

  return visit(normalizeDn(protection.searchBase));
}

function groupByParent(entries: readonly LdapEntry[]): Map<string, PlacedEntry[]> {
  const childrenOf = new Map<string, PlacedEntry[]>();
  const seen = new Set<string>();
  for (const entry of entries) {
    let keys: ReturnType<typeof dnKeys>;
    try {
      keys = dnKeys(entry.dn);
    } catch (error) {
      // A DN the parser rejects cannot be placed in the tree; the rest of the tree still is.
      if (error instanceof InvalidDnError) {
        continue;
      }

      throw error;
    }

    if (seen.has(keys.key)) {
      continue;
    }

    seen.add(keys.key);
    const classes = lowerCaseClasses(entry);
    const placed: PlacedEntry = {
      entry,
      ...keys,
      isContainer: classes.some((name) => CONTAINER_CLASSES.has(name)),
    };
    const siblings = childrenOf.get(keys.parentKey);
    if (siblings === undefined) {
      childrenOf.set(keys.parentKey, [placed]);
    } else {
      siblings.push(placed);
    }
  }

  return childrenOf;
}

function compareEntries(left: PlacedEntry, right: PlacedEntry): number {
  if (left.isContainer !== right.isContainer) {
    return left.isContainer ? -1 : 1;
  }

  const byName = NAME_ORDER.compare(left.name, right.name);
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
): TreeNode {
  const objectClass = entry.texts('objectClass');
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

function lowerCaseClasses(entry: LdapEntry): string[] {
  return entry.texts('objectClass').map((name) => name.toLowerCase());
}
