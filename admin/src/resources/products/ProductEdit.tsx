import { Box, Typography } from '@mui/material';
import { Edit, SimpleForm } from 'react-admin';
import { cleanOptions, CustomizationOptionsInput, ProductMainFields } from './ProductFields';
import { ImagesPanel } from './ImagesPanel';
import { VariantsPanel } from './VariantsPanel';

export default function ProductEdit() {
  return (
    <Edit
      mutationMode="pessimistic"
      redirect={false}
      transform={(data: Record<string, unknown>) => ({
        ...data,
        customizationOptions: cleanOptions(data.customizationOptions as never),
      })}
    >
      <SimpleForm>
        <ProductMainFields />
        <CustomizationOptionsInput />
      </SimpleForm>
      <Box sx={{ p: 2, borderTop: 1, borderColor: 'divider' }}>
        <Typography component="h2" variant="h6" gutterBottom>
          Images
        </Typography>
        <ImagesPanel />
      </Box>
      <Box sx={{ p: 2, borderTop: 1, borderColor: 'divider' }}>
        <Typography component="h2" variant="h6" gutterBottom>
          Variants and stock
        </Typography>
        <VariantsPanel />
      </Box>
    </Edit>
  );
}
