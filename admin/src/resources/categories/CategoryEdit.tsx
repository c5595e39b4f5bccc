import { Edit, SimpleForm } from 'react-admin';
import { CategoryFields } from './CategoryForm';

/** Rename or move; delete is refused by the API (with its reason shown) while products or subcategories remain. */
export default function CategoryEdit() {
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <CategoryFields />
      </SimpleForm>
    </Edit>
  );
}
