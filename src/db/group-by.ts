/** Rows grouped by a key, with an empty group for every key asked for. */
export function groupBy<Row>(keys: readonly string[], rows: readonly Row[], key: (row: Row) => string | null) {
  const grouped = new Map<string, Row[]>(keys.map((id) => [id, []]));
  for (const row of rows) {
    const group = key(row);
    if (group !== null) grouped.get(group)?.push(row);
  }
  return grouped;
}
