import {
  AutocompleteInput,
  FilterButton,
  List,
  ReferenceInput,
  SelectInput,
  SortButton,
  TopToolbar,
} from 'react-admin';
import { CommentQueue } from './CommentQueue';

const STATUS_CHOICES = [
  { id: 'pending', name: 'Pending' },
  { id: 'approved', name: 'Approved' },
  { id: 'rejected', name: 'Rejected' },
];

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

/** The moderation queue: pending comments (the default filter), oldest first. */
export default function CommentList() {
  return (
    <List
      filters={filters}
      filterDefaultValues={{ status: 'pending' }}
      sort={{ field: 'createdAt', order: 'ASC' }}
      actions={
        <TopToolbar>
          <FilterButton />
          <SortButton fields={['createdAt']} label="Sort by date written" />
        </TopToolbar>
      }
      exporter={false}
      title="Comments"
      perPage={25}
    >
      <CommentQueue />
    </List>
  );
}
