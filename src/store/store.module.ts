import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { CategoriesController } from './categories.controller';
import { CategoriesService } from './categories.service';
import { Category } from './entities/category.entity';
import { Product } from './entities/product.entity';
import { ProductImage } from './entities/product-image.entity';
import { ProductVariant } from './entities/product-variant.entity';
import { ProductAccess } from './product-access';
import { ProductImagesController } from './product-images.controller';
import { ProductImagesService } from './product-images.service';
import { ProductQueryService } from './product-query.service';
import { ProductViewHooks } from './product-view-hooks';
import { ProductVariantsController } from './product-variants.controller';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { StockService } from './stock.service';
import { StoreBulkSeed } from './store-bulk.seed';
import { StoreDemoSeed } from './store-demo.seed';
import { VariantsService } from './variants.service';

/** The catalog: categories, products, variants (which hold stock) and images. */
@Module({
  imports: [TypeOrmModule.forFeature([Category, Product, ProductVariant, ProductImage]), AccountsModule],
  controllers: [CategoriesController, ProductsController, ProductVariantsController, ProductImagesController],
  providers: [
    CategoriesService,
    ProductAccess,
    ProductQueryService,
    ProductViewHooks,
    ProductsService,
    VariantsService,
    ProductImagesService,
    StockService,
    StoreDemoSeed,
    StoreBulkSeed,
  ],
  exports: [
    CategoriesService,
    ProductQueryService,
    ProductViewHooks,
    ProductsService,
    StockService,
    StoreDemoSeed,
    StoreBulkSeed,
  ],
})
export class StoreModule {}
