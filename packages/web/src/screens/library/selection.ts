// Row selection as a pure function of (selected ids, loaded ids, click), so the shift-click
// range rules are tested without a browser.

export interface Selection {
  ids: ReadonlySet<string>;
  /** Index of the last plain click: where a shift-click range starts. */
  anchor: number | undefined;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: undefined };

/**
 * A click on row `index`'s checkbox. Without shift it toggles that row; with shift it sets
 * every row between the anchor and `index` to the clicked row's new state (as file managers
 * do), leaving the anchor where it was.
 */
export function clickRow(
  sel: Selection,
  loaded: readonly string[],
  index: number,
  shift: boolean,
): Selection {
  const id = loaded[index];
  if (id === undefined) return sel;
  const turnOn = !sel.ids.has(id);
  const ids = new Set(sel.ids);
  if (shift && sel.anchor !== undefined && loaded[sel.anchor] !== undefined) {
    const [a, b] = sel.anchor < index ? [sel.anchor, index] : [index, sel.anchor];
    for (const rowId of loaded.slice(a, b + 1)) {
      if (turnOn) ids.add(rowId);
      else ids.delete(rowId);
    }
    return { ids, anchor: sel.anchor };
  }
  if (turnOn) ids.add(id);
  else ids.delete(id);
  return { ids, anchor: index };
}

/** Header checkbox: selects every loaded row, or clears when all of them already are. */
export function toggleAll(sel: Selection, loaded: readonly string[]): Selection {
  const all = loaded.length > 0 && loaded.every((id) => sel.ids.has(id));
  return all ? EMPTY_SELECTION : { ids: new Set(loaded), anchor: undefined };
}

/** Ids in chunks the bulk API accepts (at most 500 per request). */
export function chunks<T>(list: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
