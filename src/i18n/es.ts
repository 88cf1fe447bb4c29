import type { Catalog } from './catalog';
import { en } from './en';

export const es: Catalog = en;
