import { useMediaQuery, type Theme } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  AutocompleteInput,
  BooleanField,
  BulkUpdateButton,
  DataTable,
  DateField,
  List,
  NullableBooleanInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TextInput,
  usePermissions,
} from 'react-admin';
import type { ProductSummary } from '../../api/types';
import { formatMoney, MoneyInput } from '../../ui/money';
import { isStaffRole } from '../../ui/roles';

const STATUS_CHOICES = [
  { id: 'active', name: 'Active' },
  { id: 'inactive', name: 'Inactive' },
  { id: 'archived', name: 'Archived' },
  { id: 'all', name: 'All (archived too)' },
];

const priceRange = (p: ProductSummary) =>
  p.minPrice === p.maxPrice
    ? formatMoney(p.minPrice, p.currency)
    : `${formatMoney(p.minPrice, p.currency)} – ${formatMoney(p.maxPrice, p.currency)}`;

function Thumbnail({ record }: { record: ProductSummary }) {
  return record.thumbnailUrl ? (
    <img
      src={record.thumbnailUrl}
      alt=""
      width={40}
      height={40}
      style={{ objectFit: 'cover', borderRadius: 4 }}
    />
  ) : null;
}

/**
 * Selected rows on sale or off it: updateMany → one PATCH /products/bulk (all or nothing, at most
 * 100 ids). Pessimistic: the list changes once the API said yes; a refusal shows its message.
 */
const ProductBulkActions = () => (
  <>
    <BulkUpdateButton
      label="Activate"
      data={{ active: true }}
      mutationMode="pessimistic"
      icon={<VisibilityIcon />}
      confirmTitle="Activate products"
      confirmContent="Put the selected products on sale?"
    />
    <BulkUpdateButton
      label="Deactivate"
      data={{ active: false }}
      mutationMode="pessimistic"
      icon={<VisibilityOffIcon />}
      confirmTitle="Deactivate products"
      confirmContent="Take the selected products off sale?"
    />
  </>
);

export default function ProductList() {
  const { permissions } = usePermissions();
  const staff = isStaffRole(permissions);
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder="Search products" />,
    <ReferenceInput key="category" source="category" reference="categories" perPage={100}>
      <AutocompleteInput label="Category" optionText="path" />
    </ReferenceInput>,
    ...(staff ? [<TextInput key="seller" source="seller" label="Seller (id or slug)" />] : []),
    <SelectInput key="status" source="status" choices={STATUS_CHOICES} label="Status" />,
    <NullableBooleanInput key="inStock" source="inStock" label="In stock" />,
    <MoneyInput key="minPrice" source="minPrice" label="Price from" />,
    <MoneyInput key="maxPrice" source="maxPrice" label="Price up to" />,
  ];

  return (
    <List
      filters={filters}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={false}
      title={staff ? 'Products' : 'My products'}
      empty={false}
    >
      {small ? (
        <SimpleList<ProductSummary>
          primaryText={(p) => p.name}
          secondaryText={(p) => `${priceRange(p)} · ${p.stock} in stock${p.active ? '' : ' · inactive'}`}
          leftAvatar={(p) =>
            p.thumbnailUrl ? <img src={p.thumbnailUrl} alt="" width={40} height={40} /> : null
          }
          linkType="edit"
        />
      ) : (
        <DataTable<ProductSummary> rowClick="edit" bulkActionButtons={<ProductBulkActions />}>
          <DataTable.Col
            label="Image"
            disableSort
            render={(p) => <Thumbnail record={p as ProductSummary} />}
          />
          <DataTable.Col source="name" />
          {staff && <DataTable.Col source="sellerName" label="Seller" disableSort />}
          <DataTable.Col source="minPrice" label="Price" render={priceRange} />
          <DataTable.Col source="stock" disableSort />
          <DataTable.Col source="active" disableSort field={BooleanField} />
          <DataTable.Col source="soldCount" label="Sold" />
          <DataTable.Col source="ratingAvg" label="Rating" />
          <DataTable.Col source="createdAt" label="Created" field={DateField} />
        </DataTable>
      )}
    </List>
  );
}
