import { DataSource } from 'typeorm';

/**
 * Deletes `FROM table WHERE <where>` in batches of `batch` rows, each its own short transaction,
 * so a purge of millions of rows never holds locks or bloats one transaction. `where` may use
 * the given params ($1, ...); rows are taken in `orderBy` order. Returns how many were deleted.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  table: string,
  where: string,
  params: unknown[],
  options: { orderBy: string; batch?: number },
): Promise<number> {
  const batch = options.batch ?? 1000;
  let total = 0;
  for (;;) {
    const [rows] = (await dataSource.query(
      `DELETE FROM ${table} WHERE id IN (
         SELECT id FROM ${table} WHERE ${where} ORDER BY ${options.orderBy} LIMIT ${batch}
       ) RETURNING id`,
      params,
    )) as [unknown[], number];
    total += rows.length;
    if (rows.length < batch) return total;
  }
}
