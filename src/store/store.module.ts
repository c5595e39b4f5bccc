import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Category } from './entities/category.entity';
import { Product } from './entities/product.entity';
import { ProductImage } from './entities/product-image.entity';
import { ProductVariant } from './entities/product-variant.entity';

/** The catalog: categories, products, variants (which hold stock) and images. */
@Module({
  imports: [TypeOrmModule.forFeature([Category, Product, ProductVariant, ProductImage])],
  controllers: [],
  providers: [],
  exports: [],
})
export class StoreModule {}
