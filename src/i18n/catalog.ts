// The shape every language's catalog has: English's keys, each a string (checked by tsc, so a
// missing or extra key in es.ts or fr.ts does not compile; i18n.test.ts checks it again at run time).
import type { en } from './en';

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

export type Catalog = Strings<typeof en>;
