import {
  BooleanInput,
  maxLength,
  maxValue,
  minValue,
  NumberInput,
  regex,
  required,
  TextArrayInput,
  TextInput,
} from 'react-admin';
import { MoneyInput } from '../../ui/money';

const days = [minValue(0), maxValue(365)];

/**
 * The zone's fields as the API has them (CreateDeliveryZoneDto). Checks here are only the quick
 * ones; the API decides, and its field errors (details.fields) land on these inputs.
 */
export function DeliveryZoneFields() {
  return (
    <>
      <TextInput source="name" validate={[required(), maxLength(100)]} fullWidth />
      <TextInput source="description" multiline fullWidth validate={maxLength(500)} />
      <TextInput
        source="country"
        label="Country (two-letter code)"
        helperText="Empty: any country"
        validate={regex(/^[A-Za-z]{2}$/, 'A two-letter country code, like NG')}
        parse={(v: string) => (v ? v.toUpperCase() : null)}
      />
      <TextArrayInput
        source="states"
        label="States"
        helperText="Type a state and press Enter; empty: any state"
        fullWidth
      />
      <MoneyInput source="fee" label="Fee" validate={required()} />
      <MoneyInput source="freeOver" label="Free from subtotal" helperText="Empty: never free" />
      <NumberInput source="estimatedDaysMin" label="Estimated days, from" step={1} validate={days} />
      <NumberInput source="estimatedDaysMax" label="Estimated days, up to" step={1} validate={days} />
      <BooleanInput source="active" label="Active (shoppers can choose it)" />
      <NumberInput source="position" label="Position in the list" step={1} />
    </>
  );
}
