import {
  AutocompleteInput,
  Create,
  NumberInput,
  ReferenceInput,
  SimpleForm,
  TextInput,
  usePermissions,
} from 'react-admin';
import { isStaffRole } from '../../ui/roles';
import { cleanOptions, CustomizationOptionsInput, ProductMainFields } from './ProductFields';

export default function ProductCreate() {
  const { permissions } = usePermissions();
  return (
    <Create
      redirect="edit"
      transform={(data: Record<string, unknown>) => ({
        ...data,
        customizationOptions: cleanOptions(data.customizationOptions as never),
      })}
    >
      <SimpleForm defaultValues={{ active: true, discountPercent: 0, stock: 0, customizationOptions: [] }}>
        <ProductMainFields />
        <NumberInput source="stock" label="Stock" min={0} step={1} />
        <TextInput source="sku" label="SKU" helperText="Generated when empty" />
        {isStaffRole(permissions) && (
          <ReferenceInput source="sellerId" reference="users" filter={{ role: 'seller' }}>
            <AutocompleteInput
              label="Seller (empty: you)"
              optionText={(u: { email: string; name: string }) => `${u.name} <${u.email}>`}
              filterToQuery={(q: string) => ({ q })}
            />
          </ReferenceInput>
        )}
        <CustomizationOptionsInput />
      </SimpleForm>
    </Create>
  );
}
