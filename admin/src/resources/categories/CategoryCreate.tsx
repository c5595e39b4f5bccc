import { Create, SimpleForm } from 'react-admin';
import { CategoryFields } from './CategoryForm';

export default function CategoryCreate() {
  return (
    <Create redirect="list">
      <SimpleForm>
        <CategoryFields />
      </SimpleForm>
    </Create>
  );
}
