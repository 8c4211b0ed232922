/**
 * Groups and checks as k6 reports them (lib/models.go): a root group with path "" and nested
 * groups with paths like `::api::login`. Ids are the md5 hex of the path (root:
 * d41d8cd98f00b204e9800998ecf8427e); a check's path is its group's path + `::` + name.
 * Groups and checks keep the order in which they were first observed, as k6 does.
 */
import { createHash } from 'node:crypto';

/** k6's group path separator. */
export const GROUP_SEPARATOR = '::';

/** md5 hex of a group or check path: k6's id. */
export function groupOrCheckId(path: string): string {
  return createHash('md5').update(path).digest('hex');
}

/** One check in one group, with its pass/fail counts. */
export interface CheckNode {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  passes: number;
  fails: number;
}

/** Pass/fail counts of all checks sharing one name, whatever their group. */
export interface CheckTotals {
  readonly name: string;
  passes: number;
  fails: number;
}

export class GroupNode {
  readonly id: string;
  /** Subgroups by name, in first-observed order. */
  readonly groups = new Map<string, GroupNode>();
  /** Checks by name, in first-observed order. */
  readonly checks = new Map<string, CheckNode>();

  constructor(
    readonly name: string,
    readonly path: string,
    readonly parent: GroupNode | undefined,
  ) {
    this.id = groupOrCheckId(path);
  }

  /** The subgroup `name`, created on first use. */
  group(name: string): GroupNode {
    let group = this.groups.get(name);
    if (group === undefined) {
      // k6 NewGroupPath: the root's unnamed child is the root itself.
      if (this.path === '' && name === '') return this;
      group = new GroupNode(name, this.path + GROUP_SEPARATOR + name, this);
      this.groups.set(name, group);
    }
    return group;
  }

  /** The check `name` of this group, created on first use. */
  check(name: string): CheckNode {
    let check = this.checks.get(name);
    if (check === undefined) {
      const path = this.path + GROUP_SEPARATOR + name;
      check = { name, path, id: groupOrCheckId(path), passes: 0, fails: 0 };
      this.checks.set(name, check);
    }
    return check;
  }
}

export class GroupTree {
  readonly root = new GroupNode('', '', undefined);
  private readonly totals = new Map<string, CheckTotals>();

  /** The group at `path` (`""` = root, `::a::b` = b inside a), creating missing groups. */
  observeGroup(path: string): GroupNode {
    if (path === '') return this.root;
    const names = (path.startsWith(GROUP_SEPARATOR) ? path.slice(GROUP_SEPARATOR.length) : path).split(GROUP_SEPARATOR);
    let group = this.root;
    for (const name of names) group = group.group(name);
    return group;
  }

  /** Counts `count` results of check `checkName` in the group at `groupPath`. */
  observeCheck(groupPath: string, checkName: string, passed: boolean, count = 1): void {
    const check = this.observeGroup(groupPath).check(checkName);
    let totals = this.totals.get(checkName);
    if (totals === undefined) {
      totals = { name: checkName, passes: 0, fails: 0 };
      this.totals.set(checkName, totals);
    }
    if (passed) {
      check.passes += count;
      totals.passes += count;
    } else {
      check.fails += count;
      totals.fails += count;
    }
  }

  /**
   * Checks merged by name across all groups, in first-observed order: the list k6's end-of-test
   * summary prints under TOTAL RESULTS.
   */
  checkTotals(): CheckTotals[] {
    return [...this.totals.values()].map((t) => ({ ...t }));
  }

  /** Adds another tree's groups and check counts (e.g. from another worker) into this one. */
  merge(other: GroupTree): void {
    const visit = (source: GroupNode, target: GroupNode): void => {
      for (const check of source.checks.values()) {
        if (check.passes > 0) this.observeCheck(target.path, check.name, true, check.passes);
        if (check.fails > 0) this.observeCheck(target.path, check.name, false, check.fails);
        if (check.passes === 0 && check.fails === 0) target.check(check.name);
      }
      for (const group of source.groups.values()) visit(group, target.group(group.name));
    };
    visit(other.root, this.root);
  }
}
