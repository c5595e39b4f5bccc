import { Create, SimpleForm } from 'react-admin';
import { DeliveryZoneFields } from './DeliveryZoneFields';

export default function DeliveryZoneCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ active: true, states: [], position: 0 }}>
        <DeliveryZoneFields />
      </SimpleForm>
    </Create>
  );
}
