import type { Catalog } from './catalog';
import { en } from './en';

export const fr: Catalog = en;
