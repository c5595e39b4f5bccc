import { useState } from 'react';
import { Chip, useMediaQuery, type Theme } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import {
  AutocompleteInput,
  Button,
  DataTable,
  DateField,
  DateInput,
  FilterButton,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TextInput,
  TopToolbar,
  useDataProvider,
  useListContext,
  useNotify,
  usePermissions,
} from 'react-admin';
import type { BazaarDataProvider } from '../../api/dataProvider';
import type { OrderSummary } from '../../api/types';
import { formatMoney } from '../../ui/money';
import { isStaffRole } from '../../ui/roles';
import { saveBlob } from '../../ui/saveBlob';
import { ORDER_STATUS_CHOICES } from './status';

export const StatusChip = ({ status }: { status: string }) => (
  <Chip size="small" label={status.replace('_', ' ')} data-testid="order-status" />
);

/** GET /orders/export.csv with the list's current filters (staff: all lines; sellers: theirs). */
function ExportOrdersButton() {
  const { filterValues } = useListContext();
  const api = useDataProvider<BazaarDataProvider>();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const { blob, filename } = await api.exportOrders(filterValues as Record<string, unknown>);
      saveBlob(blob, filename);
    } catch (err) {
      notify(err instanceof Error ? err.message : String(err), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button label="Export CSV" onClick={() => void run()} disabled={busy}>
      <DownloadIcon />
    </Button>
  );
}

const OrderListActions = () => (
  <TopToolbar>
    <FilterButton />
    <ExportOrdersButton />
  </TopToolbar>
);

export default function OrderList() {
  const { permissions } = usePermissions();
  const staff = isStaffRole(permissions);
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const filters = [
    ...(staff ? [<SearchInput key="q" source="q" alwaysOn placeholder="Number or email" />] : []),
    <SelectInput key="status" source="status" choices={ORDER_STATUS_CHOICES} alwaysOn />,
    <DateInput key="from" source="from" label="From" />,
    <DateInput key="to" source="to" label="Before" />,
    <TextInput key="number" source="number" label="Order number" />,
    ...(staff
      ? [
          <ReferenceInput key="customer" source="customer" reference="users">
            <AutocompleteInput label="Customer" optionText="email" filterToQuery={(q: string) => ({ q })} />
          </ReferenceInput>,
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
      actions={<OrderListActions />}
      title={staff ? 'Orders' : 'My order lines'}
    >
      {small ? (
        <SimpleList<OrderSummary>
          primaryText={(o) => `${o.number} · ${o.status}`}
          secondaryText={(o) => `${formatMoney(o.total, o.currency)} · ${o.email}`}
          tertiaryText={(o) => new Date(o.createdAt).toLocaleDateString()}
          linkType="show"
        />
      ) : (
        <DataTable<OrderSummary> rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="number" />
          <DataTable.Col source="status" render={(o) => <StatusChip status={o.status} />} />
          <DataTable.Col source="email" label="Customer" disableSort />
          <DataTable.Col source="itemCount" label="Items" disableSort />
          <DataTable.Col source="total" render={(o) => formatMoney(o.total, o.currency)} />
          <DataTable.Col source="provider" disableSort />
          <DataTable.Col source="createdAt" label="Placed" field={DateField} />
        </DataTable>
      )}
    </List>
  );
}
