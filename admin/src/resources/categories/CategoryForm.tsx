import { AutocompleteInput, NumberInput, ReferenceInput, required, TextInput } from 'react-admin';

export function CategoryFields() {
  return (
    <>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="slug" helperText="Generated from the name when empty" fullWidth />
      <TextInput source="description" multiline fullWidth />
      {/* Moving a category under its own subtree is refused by the API with its reason. */}
      <ReferenceInput source="parentId" reference="categories" perPage={100}>
        <AutocompleteInput
          label="Parent (empty: top level)"
          optionText="path"
          filterToQuery={(q: string) => ({ q })}
          fullWidth
        />
      </ReferenceInput>
      <NumberInput source="position" min={0} step={1} />
    </>
  );
}
