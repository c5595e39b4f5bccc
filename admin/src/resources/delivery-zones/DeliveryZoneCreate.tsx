import { Create, SimpleForm } from 'react-admin';
import { DeliveryZoneFields } from './DeliveryZoneFields';

// A constant: a new object on each render would reset what was typed.
const DEFAULTS = { active: true, states: [], position: 0 };

export default function DeliveryZoneCreate() {
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={DEFAULTS}>
        <DeliveryZoneFields />
      </SimpleForm>
    </Create>
  );
}
