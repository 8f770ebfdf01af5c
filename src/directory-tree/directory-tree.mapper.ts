import { decodeSid, ridOf } from '../ldap/codecs/sid';
import { LdapEntry } from '../ldap/ldap-entry';
import { firstRdnValue, InvalidDnError, normalizeDn, parentDn } from '../ldap/syntax/dn';
import { hasSystemChildren, wellKnownContainerName } from './well-known-containers';

/** Attributes both trees read. objectSid is read for objectRid only and never returned. */
export const TREE_ATTRIBUTES = [
  'objectClass',
  'objectCategory',
  'sAMAccountName',
  'cn',
  'objectSid',
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
  builtin?: true;
  /** sAMAccountName of users, persons and computers, never of contacts. */
  username?: string;
  /** cn of groups. */
  groupname?: string;
  /** Relative identifier of groups outside the Builtin domain, as a decimal string. */
  objectRid?: string;
}

export interface TreeOptions {
  /** Containers shown without their contents, such as CN=System. */
  collapsed?: readonly string[];
}

interface PlacedEntry {
  entry: LdapEntry;
  key: string;
  name: string;
  isContainer: boolean;
}

/** Facts about a parent node that decide `builtin` for its children. */
interface ParentContext {
  isBase: boolean;
  /** Lower-cased name when the parent is a well-known container directly below the base. */
  wellKnownName?: string;
}

/**
 * Assembles search results into the tree below `base`. Each entry is attached to its parent by
 * DN, so an entry appears only when its parent appears too: entries below an excluded container
 * or below a collapsed one are left out. Duplicates (the same DN from two searches) count once.
 * Children are sorted containers first, then by name ignoring case and accents, then by DN.
 */
export function buildTree(
  entries: readonly LdapEntry[],
  base: string,
  options: TreeOptions = {},
): TreeNode[] {
  const childrenOf = groupByParent(entries);
  const collapsed = new Set((options.collapsed ?? []).map(normalizeDn));
  let nextId = 1;

  const visit = (parentKey: string, parent: ParentContext): TreeNode[] =>
    (childrenOf.get(parentKey) ?? []).sort(compareEntries).map((placed) => {
      const wellKnownName = parent.isBase
        ? wellKnownContainerName(placed.entry.dn, base)
        : undefined;
      const node = toTreeNode(placed.entry, nextId++, isBuiltin(placed, parent, wellKnownName));
      if (!collapsed.has(placed.key)) {
        node.children = visit(placed.key, { isBase: false, wellKnownName });
      }

      return node;
    });

  return visit(normalizeDn(base), { isBase: true });
}

function groupByParent(entries: readonly LdapEntry[]): Map<string, PlacedEntry[]> {
  const childrenOf = new Map<string, PlacedEntry[]>();
  const seen = new Set<string>();
  for (const entry of entries) {
    let key: string;
    let parentKey: string;
    try {
      key = normalizeDn(entry.dn);
      parentKey = normalizeDn(parentDn(entry.dn));
    } catch (error) {
      // A DN the parser rejects cannot be placed in the tree; the rest of the tree still is.
      if (error instanceof InvalidDnError) {
        continue;
      }

      throw error;
    }

    if (seen.has(key)) {
      continue;
    }

    seen.add(key);
    const classes = lowerCaseClasses(entry);
    const placed: PlacedEntry = {
      entry,
      key,
      name: firstRdnValue(entry.dn),
      isContainer: classes.some((name) => CONTAINER_CLASSES.has(name)),
    };
    const siblings = childrenOf.get(parentKey);
    if (siblings === undefined) {
      childrenOf.set(parentKey, [placed]);
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

  const byName = left.name.localeCompare(right.name, 'en', { sensitivity: 'base' });
  if (byName !== 0) {
    return byName;
  }

  if (left.key === right.key) {
    return 0;
  }

  return left.key < right.key ? -1 : 1;
}

/**
 * Flags what the web frontend must not move or rename: the Builtin domain, the well-known
 * containers directly below the base, and the direct children of those containers except
 * children of Users and Computers. Names count only directly below the base, so an OU that an
 * administrator named "Users" somewhere else is not flagged.
 */
function isBuiltin(
  placed: PlacedEntry,
  parent: ParentContext,
  wellKnownName: string | undefined,
): boolean {
  if (lowerCaseClasses(placed.entry).includes('builtindomain') || wellKnownName !== undefined) {
    return true;
  }

  return parent.wellKnownName !== undefined && hasSystemChildren(parent.wellKnownName);
}

/** Maps one entry to a tree node without children. */
export function toTreeNode(entry: LdapEntry, id: number, builtin: boolean): TreeNode {
  const objectClass = entry.texts('objectClass');
  const classes = objectClass.map((name) => name.toLowerCase());
  const category = entry.text('objectCategory');
  const node: TreeNode = {
    id,
    name: firstRdnValue(entry.dn),
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
      node.objectRid = String(ridOf(text));
    }
  }

  return node;
}

function lowerCaseClasses(entry: LdapEntry): string[] {
  return entry.texts('objectClass').map((name) => name.toLowerCase());
}
