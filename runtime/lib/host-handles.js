// @ts-check
// Host-side state owned by guest objects: cookie jars, HTML documents, hashers. QuickJS never runs
// FinalizationRegistry callbacks, but its WeakRefs clear as soon as the last reference to an object
// goes (reference counting; objects in cycles at its next cycle collection). So each owner is kept
// as a WeakRef, and `sweep()` frees on the host the state of owners the script has dropped. Owners
// sweep when they make a new handle, so what is dropped stays bounded by what is made.

export class HostHandles {
  /** @type {Array<{ ref: WeakRef<object>, id: number }>} */
  #entries = [];
  /** @type {(id: number) => void} */
  #free;

  /** @param {(id: number) => void} free releases one handle's host state */
  constructor(free) {
    this.#free = free;
  }

  /** @param {object} owner @param {number} id */
  track(owner, id) {
    this.#entries.push({ ref: new WeakRef(owner), id });
  }

  /** Frees the handles whose owner is gone. */
  sweep() {
    const live = [];
    for (const entry of this.#entries) {
      if (entry.ref.deref() === undefined) this.#free(entry.id);
      else live.push(entry);
    }
    this.#entries = live;
  }
}
