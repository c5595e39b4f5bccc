import { useMediaQuery, type Theme } from '@mui/material';
import {
  BooleanField,
  DataTable,
  DateField,
  List,
  NullableBooleanInput,
  SearchInput,
  SelectInput,
  SimpleList,
} from 'react-admin';
import type { User } from '../../api/types';
import { ROLE_CHOICES } from '../../ui/roles';

export default function UserList() {
  const small = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder="Email or name" />,
    <SelectInput key="role" source="role" choices={ROLE_CHOICES} />,
    <NullableBooleanInput key="active" source="active" />,
  ];
  return (
    <List filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
      {small ? (
        <SimpleList<User>
          primaryText={(u) => u.email}
          secondaryText={(u) => `${u.role}${u.active ? '' : ' · deactivated'}`}
          linkType="edit"
        />
      ) : (
        <DataTable<User> rowClick="edit" bulkActionButtons={false}>
          <DataTable.Col source="email" />
          <DataTable.Col source="name" />
          <DataTable.Col source="role" />
          <DataTable.Col source="active" field={BooleanField} disableSort />
          <DataTable.Col source="createdAt" label="Joined" field={DateField} />
        </DataTable>
      )}
    </List>
  );
}
