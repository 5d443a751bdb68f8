/**
 * The header row of a data table in a card: small uppercase labels, the first
 * and last cells padded to the card's edge, the others closer together.
 */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
      <tr className="border-b border-slate-200 dark:border-slate-800">
        {columns.map((label, i) => (
          <th key={label} className={`${i === 0 || i === columns.length - 1 ? "px-4" : "px-3"} py-2 font-medium`}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
