import { Typography, useMediaQuery, type Theme } from '@mui/material';
import { AutocompleteInput, DataTable, DateField, List, ReferenceInput, SelectInput } from 'react-admin';
import type { CommentRecord } from '../../api/moderation';
import { CommentBulkActions } from './CommentBulkActions';
import { CommentCards } from './CommentCards';
import { CommentDecision } from './CommentDecision';

const STATUS_CHOICES = [
  { id: 'pending', name: 'Pending' },
  { id: 'approved', name: 'Approved' },
  { id: 'rejected', name: 'Rejected' },
];

/** The moderation queue: pending comments first (the default filter), oldest first. */
export default function CommentList() {
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const filters = [
    <SelectInput
      key="status"
      source="status"
      choices={STATUS_CHOICES}
      alwaysOn
      emptyText="Pending (queue)"
      emptyValue=""
    />,
    <ReferenceInput key="product" source="product" reference="products">
      <AutocompleteInput label="Product" filterToQuery={(q: string) => ({ q })} />
    </ReferenceInput>,
  ];
  return (
    <List
      filters={filters}
      filterDefaultValues={{ status: 'pending' }}
      sort={{ field: 'createdAt', order: 'ASC' }}
      exporter={false}
      title="Comments"
      perPage={25}
    >
      {small ? (
        <CommentCards />
      ) : (
        <DataTable<CommentRecord> rowClick={false} bulkActionButtons={<CommentBulkActions />}>
          <DataTable.Col
            source="body"
            label="Comment"
            disableSort
            render={(c) => (
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere', maxWidth: 420 }}>
                {c.body}
              </Typography>
            )}
          />
          <DataTable.Col source="productName" label="Product" disableSort />
          <DataTable.Col source="author.name" label="Author" disableSort />
          <DataTable.Col source="status" disableSort />
          <DataTable.Col source="createdAt" label="Written" field={DateField} />
          <DataTable.Col label="Decision" render={(c) => <CommentDecision record={c as CommentRecord} />} />
        </DataTable>
      )}
    </List>
  );
}
