import type { ReactNode, TdHTMLAttributes } from 'react';

/**
 * One column of a table. Its heading is written once: it heads the column, and labels each of its
 * cells where a phone shows a row as a card (the stylesheet puts `data-label` before the cell).
 */
export interface Column<T> {
  heading: string;
  /** Said to screen readers only, for a column whose cells say what they are (buttons). */
  headingHidden?: true;
  className?: string;
  /** The cell's hover text, when the cell may be cut short. */
  title?: (row: T) => string;
  cell: (row: T) => ReactNode;
}

/** What a row carries besides its cells: a class, and `data-*` attributes for tests and styles. */
type RowAttributes = { className?: string } & Record<`data-${string}`, string>;

/** A table of rows, one column per `columns` entry. */
export function Table<T>(props: {
  className?: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  rowAttributes?: (row: T) => RowAttributes;
}) {
  return (
    <table className={props.className ? `table ${props.className}` : 'table'}>
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th key={column.heading} scope="col">
              {column.headingHidden ? <span className="visually-hidden">{column.heading}</span> : column.heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => (
          <tr key={props.rowKey(row, index)} {...props.rowAttributes?.(row)}>
            {props.columns.map((column) => {
              const cell: TdHTMLAttributes<HTMLTableCellElement> = {
                className: column.className,
                title: column.title?.(row),
              };
              return (
                <td key={column.heading} data-label={column.heading} {...cell}>
                  {column.cell(row)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
