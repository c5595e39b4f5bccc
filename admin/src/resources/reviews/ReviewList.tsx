import { Stack, useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateField,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  usePermissions,
} from 'react-admin';
import type { ReviewRecord } from '../../api/moderation';
import { isStaffRole } from '../../ui/roles';
import { ReviewCards } from './ReviewCards';
import { ReviewAction, ReviewState, ReviewText } from './ReviewParts';

const RATING_CHOICES = [5, 4, 3, 2, 1].map((n) => ({ id: n, name: `${n} ★` }));
const STATUS_CHOICES = [
  { id: 'visible', name: 'Visible' },
  { id: 'hidden', name: 'Hidden by staff' },
];

/**
 * Staff: every review with its moderation state, hide/show with a reason. Sellers: the public
 * reviews of their own products (the data provider adds mine=true), with their one reply.
 */
export default function ReviewList() {
  const { permissions } = usePermissions();
  const staff = isStaffRole(permissions);
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder="Words in the review" />,
    <SelectInput key="rating" source="rating" choices={RATING_CHOICES} />,
    ...(staff ? [<SelectInput key="status" source="status" choices={STATUS_CHOICES} />] : []),
    <ReferenceInput key="product" source="product" reference="products">
      <AutocompleteInput label="Product" filterToQuery={(q: string) => ({ q })} />
    </ReferenceInput>,
    ...(staff
      ? [
          <ReferenceInput key="seller" source="seller" reference="users" filter={{ role: 'seller' }}>
            <AutocompleteInput label="Seller" optionText="email" filterToQuery={(q: string) => ({ q })} />
          </ReferenceInput>,
        ]
      : []),
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={false}
      title={staff ? 'Reviews' : 'Reviews of my products'}
      perPage={25}
    >
      {small ? (
        <ReviewCards staff={staff} />
      ) : (
        <DataTable<ReviewRecord> rowClick={false} bulkActionButtons={false}>
          <DataTable.Col source="productName" label="Product" disableSort />
          <DataTable.Col source="author.name" label="Author" disableSort />
          <DataTable.Col source="rating" render={(r) => `${r.rating} ★`} />
          <DataTable.Col
            source="comment"
            label="Review"
            disableSort
            render={(r) => <ReviewText record={r as ReviewRecord} />}
          />
          <DataTable.Col source="helpfulCount" label="Helpful" />
          {staff && (
            <DataTable.Col
              source="hidden"
              label="State"
              disableSort
              render={(r) => <ReviewState record={r as ReviewRecord} />}
            />
          )}
          <DataTable.Col source="createdAt" label="Written" field={DateField} />
          <DataTable.Col
            label={staff ? 'Moderation' : 'Reply'}
            render={(r) => (
              <Stack direction="row">
                <ReviewAction record={r as ReviewRecord} staff={staff} />
              </Stack>
            )}
          />
        </DataTable>
      )}
    </List>
  );
}
