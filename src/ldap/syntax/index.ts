export * from './dn';
export * from './filter-builder';
export * from './filter-escape';
export * from './ldap-syntax-error';
