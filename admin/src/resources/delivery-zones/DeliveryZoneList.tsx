import { useMediaQuery, type Theme } from '@mui/material';
import { BooleanField, DataTable, List, NullableBooleanInput, SearchInput, SimpleList } from 'react-admin';
import type { DeliveryZoneRecord } from '../../api/moderation';
import { formatMoney } from '../../ui/money';

const region = (z: DeliveryZoneRecord) =>
  [z.country ?? 'Any country', z.states.length ? z.states.join(', ') : 'any state'].join(' · ');
const eta = (z: DeliveryZoneRecord) =>
  z.estimatedDaysMin === null && z.estimatedDaysMax === null
    ? ''
    : z.estimatedDaysMin === z.estimatedDaysMax || z.estimatedDaysMax === null
      ? `${z.estimatedDaysMin} d`
      : z.estimatedDaysMin === null
        ? `≤ ${z.estimatedDaysMax} d`
        : `${z.estimatedDaysMin}–${z.estimatedDaysMax} d`;

/** Every zone not archived, the inactive ones too, in display order. */
export default function DeliveryZoneList() {
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder="Name or description" />,
    <NullableBooleanInput key="active" source="active" />,
  ];
  return (
    <List
      filters={filters}
      sort={{ field: 'position', order: 'ASC' }}
      exporter={false}
      title="Delivery zones"
    >
      {small ? (
        <SimpleList<DeliveryZoneRecord>
          primaryText={(z) => `${z.name}${z.active ? '' : ' (inactive)'}`}
          secondaryText={(z) => `${formatMoney(z.fee, z.currency)} · ${region(z)}`}
          linkType="edit"
        />
      ) : (
        <DataTable<DeliveryZoneRecord> rowClick="edit" bulkActionButtons={false}>
          <DataTable.Col source="name" />
          <DataTable.Col source="country" label="Region" render={region} />
          <DataTable.Col source="fee" render={(z) => formatMoney(z.fee, z.currency)} />
          <DataTable.Col
            source="freeOver"
            label="Free from"
            render={(z) => (z.freeOver === null ? '—' : formatMoney(z.freeOver, z.currency))}
          />
          <DataTable.Col source="estimatedDaysMin" label="Delivery" render={eta} />
          <DataTable.Col source="active" field={BooleanField} />
          <DataTable.Col source="position" />
        </DataTable>
      )}
    </List>
  );
}
