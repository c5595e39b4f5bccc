import { lazy, type ComponentType } from 'react';
import CategoryIcon from '@mui/icons-material/Category';
import InventoryIcon from '@mui/icons-material/Inventory2';
import PeopleIcon from '@mui/icons-material/People';
import ReceiptIcon from '@mui/icons-material/Receipt';
import RateReviewIcon from '@mui/icons-material/RateReview';
import ForumIcon from '@mui/icons-material/Forum';
import LocalShippingIcon from '@mui/icons-material/LocalShipping';
import type { Role } from '../api/types';

/**
 * Every screen the admin has, and who sees it. Each screen is its own chunk (route-level code
 * splitting): the first load carries react-admin's shell and the login page only.
 * Modules built later (analytics) add a row here, and the menu follows.
 */
export interface ResourceDefinition {
  name: string;
  roles: Role[];
  /** Menu label per role (sellers see "My products"). */
  label: (role: Role) => string;
  icon: ComponentType;
  list?: ComponentType;
  create?: ComponentType;
  edit?: ComponentType;
  show?: ComponentType;
  /** Record shown in titles and references. */
  recordRepresentation?: string;
}

const STAFF: Role[] = ['staff', 'admin'];

export const RESOURCES: ResourceDefinition[] = [
  {
    name: 'products',
    roles: ['seller', ...STAFF],
    label: (role) => (role === 'seller' ? 'My products' : 'Products'),
    icon: InventoryIcon,
    list: lazy(() => import('./products/ProductList')),
    create: lazy(() => import('./products/ProductCreate')),
    edit: lazy(() => import('./products/ProductEdit')),
    recordRepresentation: 'name',
  },
  {
    name: 'categories',
    roles: STAFF,
    label: () => 'Categories',
    icon: CategoryIcon,
    list: lazy(() => import('./categories/CategoryList')),
    create: lazy(() => import('./categories/CategoryCreate')),
    edit: lazy(() => import('./categories/CategoryEdit')),
    recordRepresentation: 'path',
  },
  {
    name: 'orders',
    roles: ['seller', ...STAFF],
    label: (role) => (role === 'seller' ? 'My order lines' : 'Orders'),
    icon: ReceiptIcon,
    list: lazy(() => import('./orders/OrderList')),
    show: lazy(() => import('./orders/OrderShow')),
    recordRepresentation: 'number',
  },
  {
    name: 'users',
    roles: STAFF,
    label: () => 'Users',
    icon: PeopleIcon,
    list: lazy(() => import('./users/UserList')),
    edit: lazy(() => import('./users/UserEdit')),
    recordRepresentation: 'email',
  },
  {
    // Staff moderate every review; sellers read the reviews of their products and reply. The
    // seller's menu says "Customer reviews": a label containing "my products" (as in "Reviews of
    // my products") would also match the "My products" menu item in the browser spec.
    name: 'reviews',
    roles: ['seller', ...STAFF],
    label: (role) => (role === 'seller' ? 'Customer reviews' : 'Reviews'),
    icon: RateReviewIcon,
    list: lazy(() => import('./reviews/ReviewList')),
  },
  {
    name: 'comments',
    roles: STAFF,
    label: () => 'Comments',
    icon: ForumIcon,
    list: lazy(() => import('./comments/CommentList')),
  },
  {
    name: 'delivery-zones',
    roles: STAFF,
    label: () => 'Delivery zones',
    icon: LocalShippingIcon,
    list: lazy(() => import('./delivery-zones/DeliveryZoneList')),
    create: lazy(() => import('./delivery-zones/DeliveryZoneCreate')),
    edit: lazy(() => import('./delivery-zones/DeliveryZoneEdit')),
    recordRepresentation: 'name',
  },
];

/** Sellers see categories only through the product editor's picker (read-only, public tree). */
export const READ_ONLY_FOR: Record<string, Role[]> = { categories: ['seller'] };
