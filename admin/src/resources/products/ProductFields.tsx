import {
  ArrayInput,
  AutocompleteInput,
  BooleanInput,
  FormDataConsumer,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import type { CustomizationOption } from '../../api/types';
import { MoneyInput } from '../../ui/money';

export function ProductMainFields() {
  return (
    <>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="slug" helperText="Generated from the name when empty" fullWidth />
      <TextInput source="description" multiline minRows={3} fullWidth />
      <ReferenceInput source="categoryId" reference="categories" perPage={100}>
        <AutocompleteInput label="Category" optionText="path" validate={required()} fullWidth />
      </ReferenceInput>
      <MoneyInput source="price" label="Base price" validate={required()} />
      <NumberInput source="discountPercent" label="Discount %" min={0} max={90} step={1} />
      <BooleanInput source="active" label="Active (visible to shoppers)" />
    </>
  );
}

const TYPES = [
  { id: 'text', name: 'Text' },
  { id: 'select', name: 'Select' },
];

/** Personalisations: text (with a maximum length) or select (with values), each maybe required. */
export function CustomizationOptionsInput() {
  return (
    <ArrayInput source="customizationOptions" label="Customisation options">
      <SimpleFormIterator inline disableReordering>
        <TextInput source="name" validate={required()} helperText={false} />
        <SelectInput
          source="type"
          choices={TYPES}
          validate={required()}
          helperText={false}
          defaultValue="text"
        />
        <BooleanInput source="required" helperText={false} defaultValue={false} />
        <FormDataConsumer>
          {({ scopedFormData }) =>
            (scopedFormData as CustomizationOption | undefined)?.type === 'select' ? (
              <TextInput
                source="values"
                label="Values (one per line)"
                multiline
                helperText={false}
                format={(v: string[] | undefined) => (Array.isArray(v) ? v.join('\n') : (v ?? ''))}
                parse={(v: string) => v.split('\n')}
              />
            ) : (
              <NumberInput source="maxLength" label="Max length" min={1} step={1} helperText={false} />
            )
          }
        </FormDataConsumer>
      </SimpleFormIterator>
    </ArrayInput>
  );
}

/** Drops what the chosen type does not take, and blank select values, before saving. */
export function cleanOptions(options: CustomizationOption[] | undefined): CustomizationOption[] | undefined {
  if (!Array.isArray(options)) return options;
  return options.map((o) => {
    const base = { name: o.name, type: o.type, required: Boolean(o.required) };
    if (o.type === 'select') {
      return { ...base, values: (o.values ?? []).map((v) => v.trim()).filter(Boolean) };
    }
    return o.maxLength ? { ...base, maxLength: Number(o.maxLength) } : base;
  });
}
