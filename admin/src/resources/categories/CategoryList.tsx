import { Box } from '@mui/material';
import { DataTable, List, SearchInput } from 'react-admin';
import type { CategoryRow } from '../../api/dataProvider';

/** The category tree, in tree order, indented by depth. */
export default function CategoryList() {
  return (
    <List
      filters={[<SearchInput key="q" source="q" alwaysOn placeholder="Search categories" />]}
      perPage={100}
      exporter={false}
      pagination={false}
    >
      <DataTable<CategoryRow> rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col
          source="name"
          disableSort
          render={(c) => (
            <Box
              component="span"
              sx={{ pl: c.depth * 3, display: 'inline-block' }}
              data-testid="category-name"
            >
              {c.depth > 0 ? '└ ' : ''}
              {c.name}
            </Box>
          )}
        />
        <DataTable.Col source="slug" disableSort />
        <DataTable.Col source="childCount" label="Subcategories" disableSort />
        <DataTable.Col source="position" disableSort />
      </DataTable>
    </List>
  );
}
