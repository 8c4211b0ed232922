/**
 * `GET /v1/groups` and `GET /v1/groups/{id}` (k6 `api/v1/group*.go`): the group tree flattened
 * depth-first from the root (path ""), each group with its checks and its parent/child
 * relationships; ids are k6's md5 of the path.
 */
import type { GroupNode } from '../../metrics/group-tree.js';
import type { ControlSurface } from '../control-surface.js';
import { ApiError } from '../json-api.js';

interface Relation {
  readonly type: 'groups';
  readonly id: string;
}

export interface GroupData {
  readonly type: 'groups';
  readonly id: string;
  readonly attributes: {
    readonly path: string;
    readonly name: string;
    /** null when the group has no checks (Go's nil slice). */
    readonly checks: ReadonlyArray<{ id: string; path: string; name: string; passes: number; fails: number }> | null;
  };
  readonly relationships: {
    readonly groups: { readonly data: readonly Relation[] };
    readonly parent: { readonly data: Relation | null };
  };
}

/** k6 `FlattenGroup`: the group, then each subgroup's flattening, in order. */
export function flattenGroups(root: GroupNode): GroupNode[] {
  const groups: GroupNode[] = [root];
  for (const child of root.groups.values()) groups.push(...flattenGroups(child));
  return groups;
}

export function groupData(group: GroupNode): GroupData {
  const checks = [...group.checks.values()].map((check) => ({
    id: check.id,
    path: check.path,
    name: check.name,
    passes: check.passes,
    fails: check.fails,
  }));
  return {
    type: 'groups',
    id: group.id,
    attributes: { path: group.path, name: group.name, checks: checks.length === 0 ? null : checks },
    relationships: {
      groups: { data: [...group.groups.values()].map((child) => ({ type: 'groups', id: child.id })) },
      parent: { data: group.parent === undefined ? null : { type: 'groups', id: group.parent.id } },
    },
  };
}

export function groupsDocument(surface: ControlSurface): { data: GroupData[] } {
  return { data: flattenGroups(surface.rootGroup()).map(groupData) };
}

export function groupDocument(surface: ControlSurface, id: string): { data: GroupData } {
  const group = flattenGroups(surface.rootGroup()).find((candidate) => candidate.id === id);
  if (group === undefined) throw new ApiError(404, 'Not Found', 'No group with that ID was found');
  return { data: groupData(group) };
}
