import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Table, type Column } from '../src/app/Table';

interface Row {
  id: string;
  to: string;
}
const columns: Column<Row>[] = [
  { heading: 'Task', className: 'cell-id', cell: (row) => <a href={`/tasks/${row.id}`}>#{row.id}</a> },
  { heading: 'To', title: (row) => row.to, cell: (row) => row.to },
];
const markup = renderToStaticMarkup(
  <Table
    className="t"
    columns={columns}
    rows={[{ id: '7', to: 'ada@example.com' }]}
    rowKey={(row) => row.id}
    rowAttributes={(row) => ({ 'data-task-id': row.id })}
  />,
);

describe('a table', () => {
  it('heads each column once, and labels each cell with its heading for a phone to show beside the value', () => {
    expect(markup).toBe(
      '<table class="table t"><thead><tr><th scope="col">Task</th><th scope="col">To</th></tr></thead><tbody>' +
        '<tr data-task-id="7"><td data-label="Task" class="cell-id"><a href="/tasks/7">#7</a></td>' +
        '<td data-label="To" title="ada@example.com">ada@example.com</td></tr></tbody></table>',
    );
  });

  it('keeps a heading for screen readers only where the cells say what they are', () => {
    const actions: Column<Row> = {
      heading: 'Actions',
      headingHidden: true,
      cell: () => <button type="button">Revoke</button>,
    };
    const table = renderToStaticMarkup(
      <Table columns={[actions]} rows={[{ id: '7', to: '' }]} rowKey={(row) => row.id} />,
    );
    expect(table).toContain(
      '<table class="table"><thead><tr><th scope="col"><span class="visually-hidden">Actions</span></th>',
    );
    expect(table).toContain('<td data-label="Actions"><button type="button">Revoke</button></td>');
  });
});
