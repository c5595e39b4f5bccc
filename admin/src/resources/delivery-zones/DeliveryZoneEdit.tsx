import { Edit, SimpleForm } from 'react-admin';
import { DeliveryZoneFields } from './DeliveryZoneFields';

/** Edit or delete (a zone that orders refer to is archived by the API instead). */
export default function DeliveryZoneEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <DeliveryZoneFields />
      </SimpleForm>
    </Edit>
  );
}
