import {
  BooleanInput,
  Edit,
  SelectInput,
  SimpleForm,
  TextField,
  Labeled,
  usePermissions,
  Toolbar,
  SaveButton,
} from 'react-admin';
import { ROLE_CHOICES } from '../../ui/roles';

/** Staff (de)activate customers and sellers; only admins change roles (the API enforces both). */
export default function UserEdit() {
  const { permissions } = usePermissions();
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
      >
        <Labeled label="Email">
          <TextField source="email" />
        </Labeled>
        <Labeled label="Name">
          <TextField source="name" />
        </Labeled>
        <SelectInput
          source="role"
          choices={ROLE_CHOICES}
          disabled={permissions !== 'admin'}
          helperText={permissions === 'admin' ? false : 'Only admins change roles'}
        />
        <BooleanInput source="active" label="Active (off: the account's tokens stop working at once)" />
      </SimpleForm>
    </Edit>
  );
}
